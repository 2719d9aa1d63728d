"""The visits a school records: each completed 登记 step becomes one row (from the form it sent,
as the history keeps it), and the reads the panels, the form rules and the diagram's scripts
need. A linked internship case must be one of the school's own (the form rules refuse others)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from webapp.extensions import db
from webapp.models import Event, ProcessInstance, WorkItem
from webapp.models.org import Organisation

from .models import LeaderVisit, counts_for
from .rules import shortfall_text

RECORD_TASK = "record_visit"
INTERNSHIP_KEY = "internship_approval"  # the internship cases a site visit may name


def internship_cases(school_id: int) -> dict[str, int]:
    """{business key: instance id} of the school's internship cases."""
    rows = db.session.execute(
        select(ProcessInstance.business_key, ProcessInstance.id).where(
            ProcessInstance.process_key == INTERNSHIP_KEY,
            ProcessInstance.school_id == school_id,
            ProcessInstance.business_key.is_not(None),
        )
    )
    return {key.upper(): instance_id for key, instance_id in rows}


def _submitted(item: WorkItem) -> dict:
    event = db.session.scalar(
        select(Event).where(
            Event.instance_id == item.instance_id,
            Event.action == "task_completed",
            Event.subject == f"work_item:{item.id}",
        )
    )
    return dict(((event.after or {}).get("data") or {}) if event else {})


def _row(instance: ProcessInstance, item: WorkItem, data: dict) -> LeaderVisit:
    case_key = str(data.get("internship_case") or "").strip().upper()
    text = {name: str(data.get(name) or "").strip() for name in
            ("course", "class_name", "teacher", "enterprise", "notes")}  # fmt: skip
    return LeaderVisit(
        school_id=instance.school_id,
        semester=(instance.data or {}).get("semester", ""),
        instance_id=instance.id,
        work_item_id=item.id,
        leader=data["leader"],
        kind=data["kind"],
        visit_date=date.fromisoformat(data["visit_date"]),
        internship_instance_id=internship_cases(instance.school_id).get(case_key)
        if case_key
        else None,
        recorded_by_id=item.completed_by_id,
        recorded_at=item.completed_at,
        **text,
    )


def record_new(instance: ProcessInstance) -> list[LeaderVisit]:
    """A row for each completed 登记 step that has none yet (idempotent)."""
    recorded = select(LeaderVisit.work_item_id).where(LeaderVisit.instance_id == instance.id)
    items = db.session.scalars(
        select(WorkItem).where(
            WorkItem.instance_id == instance.id,
            WorkItem.spec_id == RECORD_TASK,
            WorkItem.status == "completed",
            WorkItem.id.not_in(recorded),
        )
    ).all()
    rows = [_row(instance, item, _submitted(item)) for item in items]
    db.session.add_all(rows)
    return rows


def of_case(instance_id: int) -> list[LeaderVisit]:
    return list(
        db.session.scalars(
            select(LeaderVisit)
            .where(LeaderVisit.instance_id == instance_id)
            .order_by(LeaderVisit.visit_date, LeaderVisit.id)
        )
    )


def shortfall_of(school_code: str, semester: str, class_target: int, site_target: int) -> str:
    """Who is behind at the school this semester, as rules.shortfall_text says it; for the
    diagram's scripts (reminder and tally), which read the table rather than keep the visits."""
    school_id = db.session.scalar(select(Organisation.id).where(Organisation.code == school_code))
    counts = counts_for([school_id], semester).get(school_id, {}) if school_id else {}
    return shortfall_text(counts, class_target, site_target)
