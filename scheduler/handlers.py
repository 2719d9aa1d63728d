"""What firing one due row does, by kind: advance the engine, or remind, or mark overdue."""

from __future__ import annotations

from webapp import audit
from webapp.clock import Clock
from webapp.models import Deadline
from webapp.services import notifications, runs


def fire_timer(row: Deadline, clock: Clock) -> None:
    """Fire every due timer of the row's instance (normally just this one) and save the step."""
    instance = row.instance
    if instance.status != "running":
        row.status = "cancelled"
        return
    run = runs.restore(instance, clock)
    now = clock.now()
    due = {timer.task_id for timer in run.waiting_timers() if timer.due_at <= now}
    if row.task_id not in due:  # the timer ended or moved since the row was written
        row.status = "cancelled"
    run.fire_due_timers()
    audit.record(
        "timer_fired",
        clock,
        instance_id=instance.id,
        subject=f"deadline:{row.id}",
        after={"timer": row.label, "due_at": row.due_at.isoformat()},
    )
    runs.save(instance, run, clock, fired=due)


def _escalate(row: Deadline, clock: Clock, escalation: str, action: str) -> None:
    """A reminder or an expiry of an open item: mark it, record it, tell its candidates."""
    item = row.work_item
    if item is None or item.status != "open":
        row.status = "cancelled"
        return
    if escalation == "overdue" or item.escalation == "":
        item.escalation = escalation
    audit.record(
        action,
        clock,
        instance_id=row.instance_id,
        subject=f"work_item:{item.id}",
        after={"due_at": item.due_at.isoformat()},
    )
    notifications.notify_work_item(
        item, "reminder" if escalation == "reminded" else "overdue", clock
    )


def remind(row: Deadline, clock: Clock) -> None:
    _escalate(row, clock, "reminded", "task_reminded")


def mark_overdue(row: Deadline, clock: Clock) -> None:
    _escalate(row, clock, "overdue", "task_overdue")


HANDLERS = {"timer": fire_timer, "reminder": remind, "overdue": mark_overdue}
