"""Deadlines counted in working days of a year with no calendar data yet: marked provisional,
and recomputed when the calendar for that year arrives.

A step records every working-day call its scripts and due dates made (WorkdayUsage). When a
timer or a task's due date equals the result of a provisional call, the row keeps those calls as
its basis. When the calendar changes, the calls are replayed in order on the new calendar (a
later call's argument that was an earlier call's result takes the earlier call's new result),
and the row moves to the new value. Task data that stored the old string keeps it; only the
deadline moves.
"""

from __future__ import annotations

from datetime import date, datetime

from webapp.local_time import local_zone
from webapp.workdays.calendar import WorkdayCalendar
from webapp.workdays.script_functions import WorkdayUsage, workday_functions


def as_instant(value: object) -> datetime | None:
    """An ISO date (end of that day, local) or datetime string as an aware datetime."""
    if not isinstance(value, str):
        return None
    zone = local_zone()
    try:
        if len(value) == 10:
            return datetime.fromisoformat(value + "T23:59:59").replace(tzinfo=zone)
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=zone)


def _plain(value: object) -> object:
    return value.isoformat() if isinstance(value, date | datetime) else value


def basis_for(due_at: datetime, usage: WorkdayUsage) -> dict | None:
    """The calls behind `due_at` when it came from a provisional count; None otherwise."""
    if not usage.provisional:
        return None
    if not any(as_instant(call.result) == due_at for call in usage.calls):
        return None
    return {"calls": [[c.name, [_plain(a) for a in c.arguments], c.result] for c in usage.calls]}


def replay(basis: dict, calendar: WorkdayCalendar) -> tuple[dict[str, object], bool]:
    """Old result → new result for each recorded call, and whether any is still provisional."""
    functions = workday_functions(calendar)
    moved: dict[str, object] = {}
    for name, arguments, old in basis["calls"]:
        args = [moved.get(a, a) if isinstance(a, str) else a for a in arguments]
        moved[old] = functions[name](*args)
    return moved, functions.usage.provisional


def recomputed_due(
    due_at: datetime, basis: dict, calendar: WorkdayCalendar
) -> tuple[datetime, bool]:
    """The new due time and whether it is still provisional."""
    moved, provisional = replay(basis, calendar)
    for old, new in moved.items():
        if as_instant(old) == due_at:
            return as_instant(new) or due_at, provisional
    return due_at, provisional
