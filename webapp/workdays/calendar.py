"""Chinese statutory working days: chinesecalendar data plus overrides, as a pure calculation.

Conventions (RULES.md "Working days"):
- weekends and 法定节假日 are days off; 调休 makeup days (weekend days declared working) are working;
- an override (True = working, False = day off) beats the package for that day;
- a year the package does not cover and no admin declared complete is counted weekdays-only, and
  any result whose count touches such a year is provisional;
- the start day is never counted: add_working_days(start, n) is the Nth working day after start,
  whether or not start is itself a working day. (`chinese_calendar.find_workday(n, d)` differs:
  it returns one day later when d is not a working day, so it is not used here.)

Each calendar builds a year's sorted working days once, on first use, so counting 250 days costs
a couple of bisects rather than 250 lookups. The package's own data is read once per process.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import cache, lru_cache
from types import MappingProxyType

import chinese_calendar

HOLIDAY_NAMES = {holiday.value: holiday.chinese for holiday in chinese_calendar.Holiday}


@dataclass(frozen=True)
class SpecialDay:
    """A day the package names: a holiday (is_working False) or a 调休 makeup day (True)."""

    day: date
    is_working: bool
    note: str


@dataclass(frozen=True)
class WorkdayResult:
    day: date
    provisional: bool


@dataclass(frozen=True)
class _Year:
    working: frozenset[date]
    ordered: tuple[date, ...]


def _days_of(year: int) -> list[date]:
    first = date(year, 1, 1)
    return [first + timedelta(days=i) for i in range((date(year + 1, 1, 1) - first).days)]


@cache
def package_covers(year: int) -> bool:
    """Whether chinesecalendar has data for the year (it raises NotImplementedError otherwise)."""
    try:
        chinese_calendar.is_workday(date(year, 1, 1))
    except NotImplementedError:
        return False
    return True


@cache
def _package_year(year: int) -> tuple[frozenset[date], tuple[SpecialDay, ...]] | None:
    """The package's working days and named days for the year; None when it has no data."""
    if not package_covers(year):
        return None
    working, special = set(), []
    for day in _days_of(year):
        is_off, name = chinese_calendar.get_holiday_detail(day)
        if not is_off:
            working.add(day)
        if name:
            special.append(SpecialDay(day, not is_off, HOLIDAY_NAMES.get(name, name)))
    return frozenset(working), tuple(special)


def package_special_days(year: int) -> tuple[SpecialDay, ...]:
    """Holidays and makeup days the package lists for the year (empty when it has no data)."""
    data = _package_year(year)
    return data[1] if data else ()


@lru_cache(maxsize=1)
def package_year_range() -> tuple[int, int] | None:
    """First and last year the installed chinesecalendar covers (for display)."""
    years = [y for y in range(1990, 2101) if package_covers(y)]
    return (years[0], years[-1]) if years else None


def _check_date(value: date) -> None:
    # A datetime would be cut to its own (maybe UTC) date: callers convert to a local date first.
    if isinstance(value, datetime) or not isinstance(value, date):
        raise TypeError(f"expected a date, got {type(value).__name__}")


@dataclass(frozen=True)
class WorkdayCalendar:
    overrides: Mapping[date, bool] = field(default_factory=dict)
    complete_years: frozenset[int] = frozenset()
    _years: dict[int, _Year] = field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "overrides", MappingProxyType(dict(self.overrides)))
        object.__setattr__(self, "complete_years", frozenset(self.complete_years))

    def has_data(self, year: int) -> bool:
        """The package covers the year, or an admin declared its calendar complete."""
        return year in self.complete_years or package_covers(year)

    def is_provisional(self, first: date, last: date) -> bool:
        """Whether any year from first's to last's (in either order) lacks data."""
        low, high = sorted((first.year, last.year))
        return not all(self.has_data(year) for year in range(low, high + 1))

    def is_working_day(self, day: date) -> bool:
        _check_date(day)
        return day in self._year(day.year).working

    def add_working_days(self, start: date, n: int) -> date:
        """The Nth working day after start (start not counted); n == 0 returns start."""
        _check_date(start)
        if n < 0:
            raise ValueError("n must be zero or positive")
        year, remaining = start.year, n
        position = bisect_right(self._year(year).ordered, start)
        while remaining:
            ordered = self._year(year).ordered
            available = len(ordered) - position
            if remaining <= available:
                return ordered[position + remaining - 1]
            remaining -= available
            year, position = year + 1, 0
        return start

    def working_days_between(self, a: date, b: date) -> int:
        """Working days in (a, b]: a not counted, b counted; negative (-(b, a]) when b < a.

        So working_days_between(a, add_working_days(a, n)) == n for every n >= 0.
        """
        _check_date(a)
        _check_date(b)
        if b < a:
            return -self.working_days_between(b, a)
        total = 0
        for year in range(a.year, b.year + 1):
            ordered = self._year(year).ordered
            low = bisect_right(ordered, a) if year == a.year else 0
            high = bisect_right(ordered, b) if year == b.year else len(ordered)
            total += high - low
        return total

    def deadline(self, start: date, n: int) -> WorkdayResult:
        """add_working_days, flagged provisional when a year the count runs through has no data."""
        day = self.add_working_days(start, n)
        return WorkdayResult(day, n > 0 and self.is_provisional(start + timedelta(days=1), day))

    def working_days_in(self, year: int) -> tuple[date, ...]:
        return self._year(year).ordered

    def _year(self, year: int) -> _Year:
        cached = self._years.get(year)
        if cached is None:
            cached = self._years[year] = self._build(year)
        return cached

    def _build(self, year: int) -> _Year:
        package = _package_year(year)
        if package is None:
            working = {day for day in _days_of(year) if day.weekday() < 5}
        else:
            working = set(package[0])
        for day, is_working in self.overrides.items():
            if day.year == year:
                (working.add if is_working else working.discard)(day)
        ordered = tuple(sorted(working))
        return _Year(frozenset(working), ordered)
