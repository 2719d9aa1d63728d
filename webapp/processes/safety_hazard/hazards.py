"""The hazards of a case: stored once from the inspection form, mapped to the inbox items that
work on them, and where each one stands — read from those items and their completions in the
case's history, so no status is kept twice. A missed rectification is made good only when its
own hazard is accepted."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select

from webapp.clock import Clock
from webapp.extensions import db
from webapp.models import Event, ProcessInstance, WorkItem

from .models import SafetyHazard, SafetyHazardTask
from .rules import photo_number

RECTIFY = ("rectify_hazard", "rectify_late")
ACCEPTED, ESCALATED = "已验收", "已转督办"
OPEN_STATUS = {
    "rectify_hazard": "待整改",
    "rectify_late": "逾期整改中",
    "verify_hazard": "待验收",
    "supervise_hazard": "督办中",
}


@dataclass
class Progress:
    """Where one hazard stands, for the case page, the documents and the supervisors."""

    status: str = "待整改"
    overdue: bool = False
    measures: str = ""
    evidence: list = field(default_factory=list)
    opinion: str = ""
    returns: int = 0
    closed_at: datetime | None = None


def of_case(instance: ProcessInstance) -> list[SafetyHazard]:
    return list(
        db.session.scalars(
            select(SafetyHazard)
            .where(SafetyHazard.instance_id == instance.id)
            .order_by(SafetyHazard.number)
        )
    )


def record(instance: ProcessInstance, clock: Clock) -> list[SafetyHazard]:
    """Store the inspection's hazards once the diagram has planned them (idempotent)."""
    data = instance.data or {}
    plan, rows = data.get("hazard_items"), data.get("hazards")
    if not plan or not isinstance(rows, list) or of_case(instance):
        return []
    photos = data.get("hazard_photos") or []
    stored = [
        SafetyHazard(
            instance_id=instance.id,
            number=item["no"],
            category=str(row.get("category", "")),
            level=item["level"],
            location=str(row.get("location", "")),
            description=str(row.get("description", "")),
            deadline=datetime.fromisoformat(item["deadline"]),
            photos=[p for p in photos if photo_number(str(p.get("filename", ""))) == item["no"]],
            recorded_at=clock.now(),
        )
        for item, row in zip(plan, rows, strict=False)
    ]
    db.session.add_all(stored)
    db.session.flush()
    return stored


def map_items(instance: ProcessInstance, created: list, _clock: Clock) -> None:
    """items_created: remember which hazard each new item is about (its `hazard` datum)."""
    pairs = [(item, task.data.get("hazard")) for item, task in created]
    pairs = [(item, hazard) for item, hazard in pairs if isinstance(hazard, dict)]
    if not pairs:
        return
    db.session.flush()  # the new items' ids
    db.session.add_all(
        SafetyHazardTask(work_item_id=item.id, instance_id=instance.id, number=int(hazard["no"]))
        for item, hazard in pairs
    )


def _submissions(item_ids: list[int]) -> dict[int, dict]:
    """What was sent for each completed item, from the case's history."""
    subjects = {f"work_item:{item_id}": item_id for item_id in item_ids}
    rows = db.session.scalars(
        select(Event).where(Event.action == "task_completed", Event.subject.in_(subjects))
    )
    return {subjects[e.subject]: (e.after or {}).get("data") or {} for e in rows}


def _step(progress: Progress, item: WorkItem, sent: dict | None) -> None:
    if item.status in ("missed", "missed_closed"):
        progress.overdue = True
    if item.status == "open":
        progress.status = OPEN_STATUS.get(item.spec_id, progress.status)
        progress.overdue |= item.spec_id == "rectify_late"
        return
    if item.status != "completed" or sent is None:
        return
    if item.spec_id in RECTIFY:
        progress.measures = str(sent.get("rectification_measures", ""))
        progress.evidence = list(sent.get("rectification_evidence") or [])
    elif item.spec_id == "verify_hazard":
        progress.opinion = str(sent.get("verify_opinion", ""))
        if sent.get("verdict") == "accept":
            progress.status, progress.closed_at = ACCEPTED, item.completed_at
        else:
            progress.returns += 1
    elif item.spec_id == "supervise_hazard":
        progress.status, progress.closed_at = ESCALATED, item.completed_at
        progress.opinion = str(sent.get("supervision_action", ""))


def progress(instance: ProcessInstance) -> dict[int, Progress]:
    """Each hazard's progress by number, from its items in the order they were opened."""
    rows = db.session.execute(
        select(WorkItem, SafetyHazardTask.number)
        .join(SafetyHazardTask, SafetyHazardTask.work_item_id == WorkItem.id)
        .where(SafetyHazardTask.instance_id == instance.id)
        .order_by(WorkItem.id)
    ).all()
    sent = _submissions([item.id for item, _number in rows if item.status == "completed"])
    found: dict[int, Progress] = {h.number: Progress() for h in of_case(instance)}
    for item, number in rows:
        _step(found.setdefault(number, Progress()), item, sent.get(item.id))
    return found


def missed_resolved(instance: ProcessInstance, item: WorkItem) -> bool:
    """A missed rectification stays before the supervisors until THAT hazard is accepted."""
    number = db.session.scalar(
        select(SafetyHazardTask.number).where(SafetyHazardTask.work_item_id == item.id)
    )
    if number is None:
        return False
    return progress(instance).get(number, Progress()).status == ACCEPTED
