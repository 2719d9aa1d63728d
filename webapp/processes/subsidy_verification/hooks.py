"""学生资助核查's work around the engine: what a case starts with, its title, what the school's
forms check, and queueing the checks whenever the case waits for them."""

from __future__ import annotations

from datetime import date, timedelta

from webapp.clock import Clock
from webapp.models import Organisation, ProcessInstance
from webapp.settings_store import service as settings

from . import jobs, papers, recipients


def start_data(_given: dict, _school: Organisation | None) -> dict:
    return {
        "school_days": settings.get("subsidy.school_days"),
        "city_days": settings.get("subsidy.city_days"),
    }


def case_title(data: dict, school: Organisation | None) -> str | None:
    where = f"－{school.name}" if school else ""
    return f"{data.get('term', '')}季学期{data.get('subsidy_type', '')}核查{where}"


def rule_context(_today: date, _school: Organisation | None, instance=None) -> dict:
    if instance is None:
        return {}
    return {
        "publicity_days": settings.get("subsidy.publicity_days"),
        "working_days_in": _working_days_in,
        "recipients": recipients.summary(instance.id)["rows"],
        "pending_job": jobs.pending(instance.id),
        "unanswered": recipients.unanswered_lines(instance.id),
    }


def _working_days_in(start: date, end: date) -> int | None:
    """Working days from start to end, both counted (the validator keeps the span short)."""
    from webapp.workdays.service import load_calendar

    try:
        return load_calendar().working_days_between(start - timedelta(days=1), end)
    except (ValueError, OverflowError):
        return None


def housekeeping(clock: Clock) -> None:
    """Hourly: a case left waiting for checks whose job failed for good gets them again."""
    from sqlalchemy import select

    from webapp.extensions import db
    from webapp.models import WorkItem

    open_steps = select(WorkItem.instance_id).where(WorkItem.status == "open")
    waiting = db.session.scalars(
        select(ProcessInstance).where(
            ProcessInstance.process_key == "subsidy_verification",
            ProcessInstance.status == "running",
            ProcessInstance.id.not_in(open_steps),
        )
    )
    for instance in waiting:
        jobs.queue_checks(instance, clock)


def reconcile(instance: ProcessInstance, clock: Clock) -> None:
    """A running case with no open step waits for its checks: queue them (once); a signed-off
    case gets its 审定意见 (once)."""
    from webapp.services import instances

    if instance.status == "running" and not instances.open_items(instance):
        jobs.queue_checks(instance, clock)
    if (instance.data or {}).get("outcome") == "已审定":
        papers.signoff_once(instance, clock)
