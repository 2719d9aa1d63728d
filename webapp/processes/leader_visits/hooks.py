"""校领导听课与实习巡查's work around the engine: the case's title, what the visit form's rules
read, recording each sent visit in the module's table, opening each semester's cases, and
what the supervisors are told about a missed step."""

from __future__ import annotations

from datetime import date

from webapp.clock import Clock
from webapp.models import Organisation, ProcessInstance

from . import semester_cases, visits


def case_title(data: dict, school: Organisation | None) -> str | None:
    """ "2026年春季学期校领导听课与实习巡查－学校"."""
    label = data.get("semester_label")
    if not label:
        return None
    return f"{label}校领导听课与实习巡查" + (f"－{school.name}" if school else "")


def rule_context(
    _today: date, school: Organisation | None, instance: ProcessInstance | None
) -> dict:
    """The semester's dates and the school's internship cases (what a site visit may name)."""
    data = (instance.data if instance else None) or {}
    return {
        "semester_start": data.get("semester_start"),
        "semester_end": data.get("semester_last_day"),
        "semester_label": data.get("semester_label"),
        "internship_cases": sorted(visits.internship_cases(school.id)) if school else [],
    }


# The visit form's fields: in the case's data they only echo the last visit sent (each visit is a
# row of the module's table, listed by the case panel), so pages and the API leave them out.
VISIT_FIELDS = (
    "leader", "kind", "visit_date", "course", "class_name", "teacher", "enterprise",
    "internship_case", "notes",
)  # fmt: skip


def visible_data(data: dict, _user) -> dict:
    return {key: value for key, value in data.items() if key not in VISIT_FIELDS}


def reconcile(instance: ProcessInstance, _clock: Clock) -> None:
    """After every step: the visit the school just sent becomes a row (once)."""
    visits.record_new(instance)


def housekeeping(clock: Clock) -> None:
    """Hourly: once a semester has begun, every active school gets its case (once)."""
    semester_cases.open_semester(clock)


def supervision_note(instance: ProcessInstance) -> str:
    shortfall = (instance.data or {}).get("shortfall")
    return f"未达标：{shortfall}" if shortfall else ""
