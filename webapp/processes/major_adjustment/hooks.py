"""专业动态调整's work around the engine: what a case starts with, the reference data its rules
read, sending review tasks to experts, and, after each step, its documents and — once approved —
the school's major list."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from webapp import engine
from webapp.clock import Clock, current_clock
from webapp.errors import RuleViolation
from webapp.extensions import db
from webapp.local_time import local_date
from webapp.majors.models import CatalogueMajor, SchoolMajor, current_entry
from webapp.models import Organisation, ProcessInstance, WorkItem
from webapp.settings_store import service as settings

from . import experts, papers, school_list, suggestions
from .rules import KINDS, window_notice
from .rules.requests import named_experts
from .window import window


def need_school(school: Organisation | None) -> None:
    """A request is always a school's: an official starting one must name the school."""
    if school is None:
        raise RuleViolation(
            "专业设置申请须为某一所学校发起，请填写学校代码。", {"school": "请填写学校代码"}
        )


def start_notice(school: Organisation | None, today: date) -> str | None:
    return window_notice(today, window(today))


def _catalogue(today: date) -> dict[str, dict]:
    """The catalogue valid today, newest version of each code."""
    rows = db.session.scalars(select(CatalogueMajor).order_by(CatalogueMajor.version))
    valid = {}
    for row in rows:
        if (row.valid_from is None or row.valid_from <= today) and (
            row.valid_to is None or row.valid_to >= today
        ):
            valid[row.code] = {"name": row.name, "controlled": row.state_controlled}
    return valid


def _offered(school: Organisation | None) -> dict[str, dict]:
    if school is None:
        return {}
    rows = db.session.scalars(select(SchoolMajor).where(SchoolMajor.school_id == school.id))
    return {row.code: {"name": row.name, "status": row.status} for row in rows}


def _open_cases(school: Organisation | None) -> dict[str, str]:
    """The majors (and transform targets) of the school's requests still running."""
    if school is None:
        return {}
    running = db.session.scalars(
        select(ProcessInstance).where(
            ProcessInstance.process_key == "major_adjustment",
            ProcessInstance.school_id == school.id,
            ProcessInstance.status == "running",
        )
    )
    found = {}
    for case in running:
        data = case.data or {}
        if data.get("kind") not in KINDS:
            continue  # a suggestion asks, it changes nothing
        for field in ("major_code", "target_code"):
            if data.get(field):
                found[data[field]] = case.title
    return found


def rule_context(today: date, school: Organisation | None, _instance=None) -> dict:
    return {
        "catalogue": _catalogue(today),
        "offered": _offered(school),
        "open_cases": _open_cases(school),
        "standing": school.standing if school else "",
        "standing_label": school.standing_label if school else "",
        "window": window(today),
        "experts": {user.username for user in experts.pool()},
        "expert_count": int(settings.get("majors.expert_count")),
    }


def start_data(given: dict, school: Organisation | None) -> dict:
    """Settings the case reads, and what it derives from the start form (names, approval)."""
    today = local_date(current_clock().now())
    data = {
        "city_review_days": settings.get("majors.city_review_days"),
        "expert_count": settings.get("majors.expert_count"),
        "expert_majority": settings.get("majors.expert_majority"),
        "expert_review_days": settings.get("majors.expert_review_days"),
        "returned_by": "",
        "year": today.year,
    }
    if given.get("kind") in KINDS:
        data |= _derived(given, school, today)
    return data


def _derived(given: dict, school: Organisation | None, today: date) -> dict:
    major = current_entry(given.get("major_code", ""), today)
    target = (
        current_entry(given.get("target_code", ""), today) if given.get("target_code") else None
    )
    offered = _offered(school).get(given.get("major_code", ""), {})
    controlled = any(entry.state_controlled for entry in (major, target) if entry)
    return {
        "kind_label": KINDS[given["kind"]],
        "major_name": major.name if major else offered.get("name", ""),
        "catalogue_version": major.version if major else "",
        "target_name": target.name if target else "",
        "target_version": target.version if target else "",
        "approval": "审批" if controlled else "备案",
    }


def case_title(data: dict, school: Organisation | None) -> str | None:
    """专业设置（增设）710201 计算机应用－沈阳市…学校 ; the suggestion cases say so."""
    where = f"－{school.name}" if school else ""
    if data.get("kind") == "suggestion":
        return f"{data.get('year', '')}年专业调整建议：{data.get('major_code', '')} {data.get('major_name', '')}{where}"
    if data.get("kind") not in KINDS:
        return None
    subject = f"{data.get('major_code', '')} {data.get('major_name', '')}"
    if data.get("kind") == "transform":
        subject += f" → {data.get('target_code', '')} {data.get('target_name', '')}"
    return f"专业设置（{KINDS[data['kind']]}）{subject}{where}"


def visible_data(data: dict, user) -> dict:
    """Experts read the application, not the teachers' full ID numbers nor whom the province
    named; everyone else reads it all."""
    if getattr(user, "role", None) != "expert":
        return data
    data.pop("expert_usernames", None)
    for row in data.get("teachers") or []:
        if isinstance(row, dict) and row.get("id_number"):
            row["id_number"] = papers.masked(row["id_number"])
    return data


def items_created(
    instance: ProcessInstance, created: list[tuple[WorkItem, engine.ReadyTask]], clock: Clock
) -> None:
    reviews = [item for item, _task in created if item.spec_id == experts.REVIEW_TASK]
    if reviews:
        wanted = named_experts((instance.data or {}).get("expert_usernames"))
        experts.assign(instance, reviews, wanted, clock)


def reconcile(instance: ProcessInstance, clock: Clock) -> None:
    """Documents the case's data says are due, and the school's list once approved (each once)."""
    data = instance.data or {}
    if data.get("kind") not in KINDS:
        return
    papers.application_once(instance, clock)
    if data.get("expert_outcome"):
        papers.score_summary_once(instance, clock)
    if data.get("outcome") == "已批准":
        school_list.apply_once(instance, clock)
        papers.decision_once(instance, clock)


def housekeeping(clock: Clock) -> None:
    """Hourly: raise this year's suggestions once the window opens; send review tasks that
    found no expert when new experts have joined."""
    experts.assign_waiting(clock)
    suggestions.raise_due(clock)
