"""Semesters from the four month-day settings (autumn start/end, spring start/end): which
semester a day falls in, the one that ended last, and the order the four dates must keep.

An autumn semester whose end (01-20) comes before its start (09-01) in the calendar ends in the
next year: "2026年秋季学期" runs 2026-09-01 to 2027-01-20. A spring semester lies within one
calendar year. Days between semesters (the holidays) belong to none.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

SEASONS = {"autumn": "秋季", "spring": "春季"}
DEFAULT_DATES = {
    "autumn_start": "09-01",
    "autumn_end": "01-20",
    "spring_start": "03-01",
    "spring_end": "07-10",
}


def _day(year: int, month_day: str) -> date:
    month, day = (int(part) for part in month_day.split("-"))
    return date(year, month, day)


@dataclass(frozen=True)
class Semester:
    season: str  # "autumn" or "spring"
    year: int  # the year it starts in
    start: date
    end: date

    @property
    def key(self) -> str:
        """What a case and its visits are filed under: "2026-autumn"."""
        return f"{self.year}-{self.season}"

    @property
    def label(self) -> str:
        return f"{self.year}年{SEASONS[self.season]}学期"

    def reminder_day(self, lead_days: int) -> date:
        """`lead_days` before the end, but never before the semester starts."""
        return max(self.start, self.end - timedelta(days=lead_days))

    def holds(self, day: date) -> bool:
        return self.start <= day <= self.end


def semester_of(season: str, year: int, dates: Mapping[str, str]) -> Semester:
    """The semester of that season starting in `year`."""
    start = _day(year, dates[f"{season}_start"])
    end = _day(year, dates[f"{season}_end"])
    if end < start:  # an autumn semester that ends after New Year
        end = _day(year + 1, dates[f"{season}_end"])
    return Semester(season, year, start, end)


def _around(day: date, dates: Mapping[str, str]) -> list[Semester]:
    """The semesters that start in the year before, the year of and the year after `day`."""
    return sorted(
        (semester_of(season, year, dates) for year in (day.year - 1, day.year, day.year + 1)
         for season in SEASONS),
        key=lambda semester: semester.start,
    )  # fmt: skip


def semester_on(day: date, dates: Mapping[str, str]) -> Semester | None:
    """The semester `day` falls in; None in the holidays."""
    return next((s for s in _around(day, dates) if s.holds(day)), None)


def last_ended(day: date, dates: Mapping[str, str]) -> Semester:
    """The latest semester that ended before `day`."""
    return [s for s in _around(day, dates) if s.end < day][-1]


def _offset(month_day: str, origin: str) -> int:
    """Days from `origin` to `month_day` going forward round a (non-leap) year."""
    base = date(2025, 1, 1)
    day, zero = _day(2025, month_day), _day(2025, origin)
    return ((day - base).days - (zero - base).days) % 365


def order_problem(dates: Mapping[str, str]) -> str | None:
    """Why the four dates cannot be semesters (Chinese), or None: the spring semester must lie
    within one year and the four dates go round the year autumn start → autumn end → spring
    start → spring end, so no two semesters overlap."""
    if dates["spring_end"] <= dates["spring_start"]:
        return "春季学期结束日应晚于开始日（春季学期在同一年内）"
    origin = dates["autumn_start"]
    autumn_end, spring_start = (
        _offset(dates["autumn_end"], origin),
        _offset(dates["spring_start"], origin),
    )
    spring_end = _offset(dates["spring_end"], origin)
    if autumn_end == 0:
        return "秋季学期结束日不能与开始日相同"
    if not autumn_end < spring_start:
        return "秋季学期结束日应早于春季学期开始日，两个学期不能重叠"
    if not spring_start < spring_end:
        return "春季学期结束日应早于下一个秋季学期开始日，两个学期不能重叠"
    return None
