"""Working-day functions that BPMN conditions, scripts and timer expressions may call.

    functions = workday_functions(load_calendar())      # a dict of name -> callable
    run_step(..., functions=functions)                  # the engine sees only the callables
    if functions.usage.provisional: ...                 # some result used a year with no data

Every function takes a date, an ISO string ("2027-01-05" or "2027-01-05T09:30:00+08:00") or a
datetime; an aware datetime is first turned into its local date in `tz`, a naive one is read as
local. Results are JSON-safe (strings, ints, bools) so they can be stored in task data:

- add_working_days(start, n) -> "2027-01-05": the Nth working day after start (start not counted)
- working_days_between(a, b) -> int: working days in (a, b]; negative when b is before a
- is_working_day(d) -> bool
- working_day_deadline(start, n) -> "2027-01-05T23:59:59+08:00": the end of that working day,
  local time, ready for a BPMN timeDate
- no_later_than(deadline, cap) -> the earlier of the two, as an ISO datetime in local time; a
  date-only value means the end of that day ("20 working days, but never after 20 Nov":
  no_later_than(working_day_deadline(enrolled_on, 20), "2026-11-20"))

One more function needs no calendar, so it is not in that mapping (the step adds it):

- calendar_deadline(start, days) -> the end (23:59:59 local) of the day `days` calendar days
  after start: for periods the rules count in calendar days (90 days to rectify)

Provisional results cannot be marked inside a string, so the returned dict carries `.usage`, a
WorkdayUsage whose `.calls` lists each call as WorkdayCall(name, arguments, result, provisional),
and whose `.provisional` says whether any of them touched a year without calendar data.
Create one mapping per engine step to tell which step's results were provisional.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from webapp.local_time import local_zone

from .calendar import WorkdayCalendar

END_OF_DAY = time(23, 59, 59)


@dataclass(frozen=True)
class WorkdayCall:
    name: str
    arguments: tuple
    result: object
    provisional: bool


@dataclass
class WorkdayUsage:
    calls: list[WorkdayCall] = field(default_factory=list)

    @property
    def provisional(self) -> bool:
        return any(call.provisional for call in self.calls)

    def clear(self) -> None:
        self.calls.clear()


class WorkdayFunctions(dict[str, Callable]):
    """The functions by name, plus the usage record they write to."""

    usage: WorkdayUsage


def _parse(value: object, zone: ZoneInfo) -> date | datetime:
    """A plain date, or an aware datetime in `zone` (a naive one is read as local time)."""
    if isinstance(value, str):
        text = value.strip()
        try:
            value = date.fromisoformat(text) if len(text) == 10 else datetime.fromisoformat(text)
        except ValueError:
            raise ValueError(f"无法识别的日期：{value!r}（应如 2027-01-05）") from None
    if isinstance(value, datetime):
        return value.replace(tzinfo=zone) if value.tzinfo is None else value.astimezone(zone)
    if isinstance(value, date):
        return value
    raise TypeError(f"需要日期，得到的是 {type(value).__name__}")


def _local_date(value: object, zone: ZoneInfo) -> date:
    parsed = _parse(value, zone)
    return parsed.date() if isinstance(parsed, datetime) else parsed


def _end_of(value: object, zone: ZoneInfo) -> datetime:
    parsed = _parse(value, zone)
    if isinstance(parsed, datetime):
        return parsed
    return datetime.combine(parsed, END_OF_DAY, zone)


def _count(n: object) -> int:
    if isinstance(n, bool) or not isinstance(n, int):
        raise TypeError(f"工作日天数必须是整数，得到的是 {n!r}")
    if n < 0:
        raise ValueError(f"工作日天数不能为负数：{n}")
    return n


def workday_functions(calendar: WorkdayCalendar, zone: ZoneInfo | None = None) -> WorkdayFunctions:
    """The functions above, bound to one calendar and time zone (the local one unless given),
    with a fresh usage record."""
    zone = zone or local_zone()
    usage = WorkdayUsage()

    def note(name: str, arguments: tuple, result: object, provisional: bool) -> None:
        usage.calls.append(WorkdayCall(name, arguments, result, provisional))

    def add_working_days(start: object, n: int) -> str:
        found = calendar.deadline(_local_date(start, zone), _count(n))
        note("add_working_days", (start, n), found.day.isoformat(), found.provisional)
        return found.day.isoformat()

    def working_day_deadline(start: object, n: int) -> str:
        found = calendar.deadline(_local_date(start, zone), _count(n))
        result = datetime.combine(found.day, END_OF_DAY, zone).isoformat()
        note("working_day_deadline", (start, n), result, found.provisional)
        return result

    def working_days_between(a: object, b: object) -> int:
        first, last = _local_date(a, zone), _local_date(b, zone)
        result = calendar.working_days_between(first, last)
        provisional = first != last and calendar.is_provisional(first, last)
        note("working_days_between", (a, b), result, provisional)
        return result

    def is_working_day(day: object) -> bool:
        local = _local_date(day, zone)
        result = calendar.is_working_day(local)
        note("is_working_day", (day,), result, not calendar.has_data(local.year))
        return result

    def no_later_than(deadline: object, cap: object) -> str:
        result = min(_end_of(deadline, zone), _end_of(cap, zone)).astimezone(zone).isoformat()
        # Recorded so a provisional deadline that went through a cap can be replayed.
        note("no_later_than", (deadline, cap), result, False)
        return result

    functions = WorkdayFunctions(
        add_working_days=add_working_days,
        working_day_deadline=working_day_deadline,
        working_days_between=working_days_between,
        is_working_day=is_working_day,
        no_later_than=no_later_than,
    )
    functions.usage = usage
    return functions


def calendar_deadline(start: object, days: int, zone: ZoneInfo | None = None) -> str:
    """The end of the day `days` calendar days after `start`, local time, as ISO text."""
    zone = zone or local_zone()
    day = _local_date(start, zone) + timedelta(days=int(days))
    return datetime.combine(day, END_OF_DAY, zone).isoformat()
