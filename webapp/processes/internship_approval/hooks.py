"""The internship approval process's work around the engine: its settings at start, a consent
letter with a one-time link for each guardian, and the agreements and decision once approved."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from webapp import engine
from webapp.clock import Clock
from webapp.extensions import db
from webapp.local_time import local_date
from webapp.models import Organisation, ProcessInstance, WorkItem
from webapp.processes.internship_approval import consents
from webapp.processes.internship_approval import papers as internship_papers
from webapp.processes.internship_approval.blacklist import service as blacklist
from webapp.processes.internship_approval.models import ConsentRequest
from webapp.services.case_documents import site
from webapp.settings_store import service as settings_store

KEY = "internship_approval"


def settings(_given: dict, _school: Organisation | None) -> dict:
    """The province's settings the diagram reads, and the variables every path needs defined."""
    return {
        "consent_window": f"P{settings_store.get('internship.consent_window_days')}D",
        "consent_reminder": f"P{settings_store.get('internship.consent_reminder_days')}D",
        "consent_for_all_placements": bool(
            settings_store.get("internship.consent_for_all_placements")
        ),
        # The reviewer's warnings read these (internship_warnings in the diagram's checks).
        "max_placement_months": settings_store.get("internship.max_placement_months"),
        "max_interns_unit_percent": settings_store.get("internship.max_interns_unit_percent"),
        "max_interns_post_percent": settings_store.get("internship.max_interns_post_percent"),
        "consent_students": [],
        "consent_results": [],
        "internship_finished": False,
    }


def rule_context(
    today: date, _school: Organisation | None, instance: ProcessInstance | None = None
) -> dict:
    """The 违法失信单位 list in force today, the settings the rules read, and for a running case
    the day the city filed it and the start date it filed (the actual start may not precede
    either)."""
    data = (instance.data or {}) if instance else {}
    return {
        "blacklist": blacklist.blocking_entries(today),
        "min_pay_ratio": settings_store.get("internship.min_pay_ratio") / 100,
        "consent_for_all_placements": bool(
            data.get(
                "consent_for_all_placements",
                settings_store.get("internship.consent_for_all_placements"),
            )
        ),
        "filed_on": filed_on(instance) if instance else None,
        "approved_start": data.get("start_date"),
    }


def filed_on(instance: ProcessInstance) -> date | None:
    """The local day the city last completed its review (备案) of the case, if it has."""
    completed = db.session.scalar(
        select(WorkItem.completed_at)
        .where(
            WorkItem.instance_id == instance.id,
            WorkItem.spec_id == "city_review",
            WorkItem.status == "completed",
        )
        .order_by(WorkItem.completed_at.desc())
        .limit(1)
    )
    return local_date(completed) if completed else None


def _open_consent(
    instance: ProcessInstance, item: WorkItem, task: engine.ReadyTask, clock: Clock
) -> ConsentRequest:
    request, token = consents.open_request(
        instance, item, task.data.get("consent_student") or {}, clock
    )
    _upload_dir, base_url = site()
    letter = internship_papers.consent_letter(
        instance, request, f"{base_url}/consent/{token}", clock
    )
    request.letter_document_id = letter.id
    return request


def after_step(
    instance: ProcessInstance, created: list[tuple[WorkItem, engine.ReadyTask]], clock: Clock
) -> None:
    for item, task in created:
        if item.lane == "guardian":
            _open_consent(instance, item, task, clock)
        elif item.spec_id == "confirm_start":
            internship_papers.agreements_and_decision(instance, clock)


def missed_resolved(instance: ProcessInstance, item: WorkItem) -> bool | None:
    """A guardian who never answered: the student was left out when the window closed, and the
    miss stays before the supervisors until the school's leader has approved the list without
    that student. Any other missed step: the platform's rule (the same step done later)."""
    if item.spec_id != "guardian_consent":
        return None
    decided = select(WorkItem.id).where(
        WorkItem.instance_id == instance.id,
        WorkItem.spec_id == "leader_approval",
        WorkItem.status == "completed",
        WorkItem.completed_at >= item.completed_at,
    )
    return db.session.scalar(decided.limit(1)) is not None


def case_title(data: dict, school: Organisation | None) -> str | None:
    """What the application is about, once it is filled in: "岗位实习：某某公司
    （2026-09-01至2027-01-31）－学校"; until then, the platform's title."""
    unit = str(data.get("unit_name") or "").strip()
    if not unit:
        return None
    kind = str(data.get("kind") or "实习")
    period = (
        f"（{data.get('start_date')}至{data.get('end_date')}）" if data.get("start_date") else ""
    )
    where = f"－{school.name}" if school else ""
    return f"{kind}：{unit[:60]}{period}{where}"
