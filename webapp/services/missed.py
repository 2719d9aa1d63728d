"""Deadlines a timer ended: a step still open when its deadline passed, which the diagram then
took away (a rectification report the school never sent, a registration window that closed),
is kept as "missed" rather than cancelled. It stays on the supervision dashboard as overdue —
since when, how many days, where the case stands now and its next deadline — until the process
says it was made good (its `missed_resolved` hook; by default the same step completed later),
or the case ends. The school's city and the province's supervisors are told when it happens."""

from __future__ import annotations

from sqlalchemy import select

from webapp import audit
from webapp.clock import Clock
from webapp.display import date_text
from webapp.extensions import db
from webapp.models import ProcessInstance, WorkItem
from webapp.models.scope import role_users
from webapp.services import notifications, process_hooks

MISSED, CLOSED = "missed", "missed_closed"


def is_missed(item: WorkItem, clock: Clock) -> bool:
    """Whether an open item the engine no longer offers had passed its deadline."""
    return item.due_at is not None and item.due_at <= clock.now()


def record(item: WorkItem, instance: ProcessInstance, clock: Clock) -> None:
    """Keep the item as missed, in the history, and tell its candidates and the supervisors."""
    item.status = MISSED
    item.escalation = "overdue"
    audit.record(
        "deadline_missed",
        clock,
        instance_id=instance.id,
        subject=f"work_item:{item.id}",
        after={"task": item.name, "due_at": item.due_at.isoformat()},
    )
    school = instance.school.name if instance.school else ""
    title = f"督办：{school}“{item.name}”已于 {date_text(item.due_at)} 逾期未办"
    supervisors = db.session.scalars(role_users("supervisor", instance.school_id, instance.city_id))
    notifications.notify(
        supervisors,
        "escalation",
        title,
        clock,
        link=f"/instances/{instance.id}",
        body=instance.title,
        instance_id=instance.id,
        work_item_id=item.id,
    )
    notifications.notify(
        notifications.candidates_of(item),
        "overdue",
        f"已逾期：“{item.name}”已于 {date_text(item.due_at)} 到期，未在期限内办理",
        clock,
        link=f"/instances/{instance.id}",
        body=instance.title,
        instance_id=instance.id,
        work_item_id=item.id,
    )


def _made_good_by_default(item: WorkItem) -> bool:
    later = select(WorkItem.id).where(
        WorkItem.instance_id == item.instance_id,
        WorkItem.spec_id == item.spec_id,
        WorkItem.status == "completed",
        WorkItem.completed_at >= item.completed_at,
    )
    return db.session.scalar(later.limit(1)) is not None


def resolve(instance: ProcessInstance, clock: Clock) -> None:
    """Close the case's misses that are made good (all of them once the case has ended)."""
    missed = db.session.scalars(
        select(WorkItem).where(WorkItem.instance_id == instance.id, WorkItem.status == MISSED)
    ).all()
    if not missed:
        return
    hook = process_hooks.hook(instance.process_key, "missed_resolved")
    for item in missed:
        verdict = None if instance.status == "running" else True
        if verdict is None and hook:
            verdict = hook(instance, item)
        if verdict is None:
            verdict = _made_good_by_default(item)
        if verdict:
            item.status = CLOSED
            audit.record(
                "deadline_miss_closed",
                clock,
                instance_id=instance.id,
                subject=f"work_item:{item.id}",
                after={"task": item.name},
            )


def notes(instance_ids: set[int]) -> dict[int, str]:
    """Each case's supervision note (its process's `supervision_note` hook), where it has one."""
    if not instance_ids:
        return {}
    found = {}
    for instance in db.session.scalars(
        select(ProcessInstance).where(ProcessInstance.id.in_(instance_ids))
    ):
        hook = process_hooks.hook(instance.process_key, "supervision_note")
        text = hook(instance) if hook else ""
        if text:
            found[instance.id] = text
    return found
