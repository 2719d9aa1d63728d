"""Recomputing provisional deadlines when the working-day calendar changes."""

from __future__ import annotations

from sqlalchemy import select, update

from webapp import audit
from webapp.clock import Clock, current_clock
from webapp.extensions import db
from webapp.models import Deadline, WorkItem
from webapp.services import runs
from webapp.services.provisional import recomputed_due
from webapp.workdays.calendar import WorkdayCalendar
from webapp.workdays.service import load_calendar, on_calendar_changed


def _recompute_items(calendar: WorkdayCalendar) -> int:
    moved = 0
    items = db.session.scalars(
        select(WorkItem).where(WorkItem.status == "open", WorkItem.due_provisional.is_(True))
    ).all()
    for item in items:
        new_due, still = recomputed_due(item.due_at, item.due_basis, calendar)
        if new_due != item.due_at:
            # Reminders keep their distance from the due date, so every pending row shifts alike.
            for row in db.session.scalars(
                select(Deadline).where(
                    Deadline.work_item_id == item.id, Deadline.status == "pending"
                )
            ):
                row.due_at = row.due_at + (new_due - item.due_at)
            item.due_at, moved = new_due, moved + 1
        item.due_provisional = still
        db.session.execute(
            update(Deadline)
            .where(Deadline.work_item_id == item.id, Deadline.status == "pending")
            .values(provisional=still)
            .execution_options(synchronize_session="fetch")
        )
    return moved


def _recompute_timers(calendar: WorkdayCalendar, clock: Clock) -> int:
    moved = 0
    rows = db.session.scalars(
        select(Deadline).where(
            Deadline.kind == "timer", Deadline.status == "pending", Deadline.provisional.is_(True)
        )
    ).all()
    for row in rows:
        new_due, still = recomputed_due(row.due_at, row.basis, calendar)
        row.provisional = still
        if new_due == row.due_at:
            continue
        run = runs.restore(row.instance, clock)
        if run.reschedule_timer(row.task_id, new_due):
            audit.record(
                "deadline_recomputed",
                clock,
                instance_id=row.instance_id,
                subject=f"deadline:{row.id}",
                before={"due_at": row.due_at.isoformat()},
                after={"due_at": new_due.isoformat()},
            )
            row.due_at, moved = new_due, moved + 1
            runs.save(row.instance, run, clock)
    return moved


def recompute_provisional(clock: Clock) -> tuple[int, int]:
    """Move provisional due dates to what the calendar now says: (items moved, timers moved)."""
    calendar = load_calendar()
    return _recompute_items(calendar), _recompute_timers(calendar, clock)


@on_calendar_changed
def _after_calendar_change(years: set[int]) -> None:
    recompute_provisional(current_clock())
