"""学生资助核查's work around the engine: what a case starts with, its title, what the school's
forms check, and queueing the checks whenever the case waits for them."""

from __future__ import annotations

from datetime import date

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
        "recipients": recipients.summary(instance.id)["rows"],
        "pending_job": jobs.pending(instance.id),
        "unanswered": recipients.unanswered_lines(instance.id),
    }


def reconcile(instance: ProcessInstance, clock: Clock) -> None:
    """A running case with no open step waits for its checks: queue them (once); a signed-off
    case gets its 审定意见 (once)."""
    from webapp.services import instances

    if instance.status == "running" and not instances.open_items(instance):
        jobs.queue_checks(instance, clock)
    if (instance.data or {}).get("outcome") == "已审定":
        papers.signoff_once(instance, clock)
