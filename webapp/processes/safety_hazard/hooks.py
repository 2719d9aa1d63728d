"""安全隐患排查整治's hooks: the settings a case starts with, its title, what the inspection
form's rules read (the recorder's office, the level deadlines), and after every step: the
hazards stored once, then the 整改通知书 and the closing 整改验收意见 issued once each."""

from __future__ import annotations

from datetime import date

from webapp.clock import Clock
from webapp.errors import RuleViolation
from webapp.local_time import local_date
from webapp.models import Organisation, ProcessInstance
from webapp.services.provisional import as_instant
from webapp.settings_store import service as settings
from webapp.workdays.script_functions import workday_functions
from webapp.workdays.service import CalendarOnDemand

from . import hazards, papers
from .rules import LEVELS, OFFICE_OF_ROLE, OFFICES
from .settings import KEYS


def need_school(school: Organisation | None) -> None:
    if school is None:
        raise RuleViolation("请选择被检查的学校。", {"school": "请选择您管辖范围内的学校"})


def start_data(_given: dict, _school: Organisation | None) -> dict:
    """The settings the diagram reads, as they stand when the inspection is started."""
    return {
        "hazard_days": {level: int(settings.get(key)) for level, key in KEYS.items()},
        "max_returns": int(settings.get("safety.max_returns")),
    }


def case_title(data: dict, school: Organisation | None) -> str | None:
    """ "2026-03-02 市教育局安全隐患排查（3 项）－学校" once the inspection is recorded."""
    plan = data.get("hazard_items")
    if not data.get("inspected_on") or not isinstance(plan, list):
        return None
    office = OFFICES.get(str(data.get("inspecting_office")), "")
    where = f"－{school.name}" if school else ""
    return f"{data['inspected_on']} {office}安全隐患排查（{len(plan)} 项）{where}"


def default_deadline(inspected_on: date, level: str) -> date:
    """The last day a hazard of this level may be given: the setting's working days after the
    inspection, on the calendar as it stands (what the diagram computes)."""
    functions = workday_functions(CalendarOnDemand())
    days = int(settings.get(KEYS[level])) if level in LEVELS else 0
    return local_date(as_instant(functions["working_day_deadline"](inspected_on.isoformat(), days)))


def rule_context(_today: date, _school, instance: ProcessInstance | None) -> dict:
    """The recorder's office (the case's starter: who records is who started it)."""
    starter = instance.starter if instance is not None else None
    office = OFFICE_OF_ROLE.get(starter.role) if starter is not None else None
    return {"office": office, "default_deadline": default_deadline}


def reconcile(instance: ProcessInstance, clock: Clock) -> None:
    hazards.record(instance, clock)
    papers.notice_once(instance, clock)
    papers.acceptance_once(instance, clock)


def supervision_note(instance: ProcessInstance) -> str:
    """How many hazards of the case are closed: "3 项隐患：已验收 1 项，未完成 2 项"."""
    states = hazards.progress(instance)
    if not states:
        return ""
    closed = sum(1 for s in states.values() if s.status in (hazards.ACCEPTED, hazards.ESCALATED))
    return f"{len(states)} 项隐患：已完成 {closed} 项，未完成 {len(states) - closed} 项"
