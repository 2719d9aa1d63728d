"""Keeping deadline rows in step with the engine's waiting timers and the inbox's due dates."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import select, update

from webapp import engine
from webapp.clock import Clock
from webapp.extensions import db
from webapp.models import Deadline, ProcessInstance, WorkItem
from webapp.services.durations import parse_duration
from webapp.services.provisional import basis_for
from webapp.workdays.script_functions import WorkdayUsage

# Reminders before a task's due date when its diagram names none (task property "reminders").
DEFAULT_REMINDERS = "P7D,P1D"


def _row(
    instance: ProcessInstance, kind: str, due_at: datetime, clock: Clock, **fields
) -> Deadline:
    return Deadline(
        kind=kind,
        instance_id=instance.id,
        process_key=instance.process_key,
        school_id=instance.school_id,
        city_id=instance.city_id,
        due_at=due_at,
        status="pending",
        created_at=clock.now(),
        **fields,
    )


def _sync_timers(
    instance: ProcessInstance, run: engine.Run, clock: Clock, fired: set[str], usage: WorkdayUsage
) -> None:
    waiting = {timer.task_id: timer for timer in run.waiting_timers()}
    rows = db.session.scalars(
        select(Deadline).where(
            Deadline.instance_id == instance.id,
            Deadline.kind == "timer",
            Deadline.status == "pending",
        )
    ).all()
    now = clock.now()
    for row in rows:
        timer = waiting.pop(row.task_id, None)
        if timer is None:  # fired in this step, or its task ended (e.g. a boundary timer's host)
            row.status = "fired" if row.task_id in fired else "cancelled"
            row.fired_at = now if row.task_id in fired else None
        elif timer.due_at != row.due_at:  # a cycle re-armed, or a deadline recomputed
            row.due_at = timer.due_at
    for timer in waiting.values():
        basis = basis_for(timer.due_at, usage)
        db.session.add(
            _row(
                instance,
                "timer",
                timer.due_at,
                clock,
                task_id=timer.task_id,
                spec_id=timer.spec_id,
                label=timer.name or timer.spec_id,
                provisional=basis is not None,
                basis=basis,
            )
        )


def reminder_offsets(properties: dict, data: dict | None = None) -> list:
    """Offsets before the due date: property `reminders` (P7D,P1D), or `remindersFrom`, the
    name of a data field holding such a list (a setting the process starts with)."""
    text = properties.get("reminders", DEFAULT_REMINDERS) or ""
    if properties.get("remindersFrom") and data is not None:
        text = str(data.get(properties["remindersFrom"]) or "")
    return [parse_duration(part) for part in text.split(",") if part.strip()]


def item_due_times(
    item: WorkItem, properties: dict, data: dict | None = None
) -> list[tuple[str, datetime]]:
    """The overdue row at the item's due time, and a reminder row before it per offset."""
    times = [("overdue", item.due_at)]
    times += [("reminder", item.due_at - offset) for offset in reminder_offsets(properties, data)]
    return times


def open_item_deadlines(
    instance: ProcessInstance,
    item: WorkItem,
    properties: dict,
    clock: Clock,
    data: dict | None = None,
) -> None:
    """An item with a due date gets reminder rows before it and an overdue row at it."""
    if item.due_at is None:
        return
    now = clock.now()
    for kind, at in item_due_times(item, properties, data):
        if kind == "overdue" or at > now:
            db.session.add(
                _row(
                    instance,
                    kind,
                    at,
                    clock,
                    work_item=item,
                    spec_id=item.spec_id,
                    label=item.name,
                    provisional=item.due_provisional,
                )
            )


def _cancel_for_closed_items(instance: ProcessInstance) -> None:
    closed = select(WorkItem.id).where(
        WorkItem.instance_id == instance.id, WorkItem.status != "open"
    )
    db.session.execute(
        update(Deadline)
        .where(
            Deadline.instance_id == instance.id,
            Deadline.status == "pending",
            Deadline.work_item_id.in_(closed),
        )
        .values(status="cancelled")
        .execution_options(synchronize_session=False)
    )


def sync(
    instance: ProcessInstance,
    run: engine.Run,
    clock: Clock,
    created: Iterable[tuple[WorkItem, engine.ReadyTask]],
    fired: set[str] | None = None,
    usage: WorkdayUsage | None = None,
    items_changed: bool = True,
) -> None:
    """After a step: new timers and due items get rows; rows whose reason ended are closed
    (the rows of closed items only when the step opened or closed any)."""
    db.session.flush()  # new work items need their ids
    _sync_timers(instance, run, clock, fired or set(), usage or WorkdayUsage())
    for item, task in created:
        open_item_deadlines(instance, item, task.properties, clock, task.data)
    if items_changed:
        _cancel_for_closed_items(instance)
