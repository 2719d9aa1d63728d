"""One year of the calendar as the admin page and `flask calendar show` present it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from webapp.extensions import db
from webapp.models import CalendarDay, CalendarYear
from webapp.models.calendar import calendar_days_in

from .calendar import SpecialDay, package_covers, package_special_days
from .service import load_calendar

WEEKDAYS = "一二三四五六日"


@dataclass(frozen=True)
class OverviewDay:
    """A day the package names or an admin changed; `override` beats `package`."""

    day: date
    package: SpecialDay | None
    override: CalendarDay | None

    @property
    def is_working(self) -> bool:
        return (self.override or self.package).is_working

    @property
    def note(self) -> str:
        return (self.override.note if self.override else "") or (
            self.package.note if self.package else ""
        )

    @property
    def weekday(self) -> str:
        return "周" + WEEKDAYS[self.day.weekday()]

    @property
    def kind(self) -> str:
        return "班" if self.is_working else "休"


@dataclass(frozen=True)
class YearOverview:
    year: int
    from_package: bool
    declared: CalendarYear | None
    days: list[OverviewDay]
    working_day_count: int

    @property
    def complete(self) -> bool:
        return bool(self.declared and self.declared.complete)

    @property
    def has_data(self) -> bool:
        return self.from_package or self.complete

    @property
    def source(self) -> str:
        """Where the year's data comes from, in Chinese."""
        overrides = sum(1 for d in self.days if d.override)
        extra = f"，另有 {overrides} 天管理员调整" if overrides else ""
        if self.from_package:
            return "chinesecalendar 软件包数据" + extra
        if self.complete:
            return f"管理员录入（已标记完整录入，{overrides} 天调整）"
        return "无完整数据：按周一至周五计算" + extra + "，据此算出的期限为暂定"


def year_overview(year: int) -> YearOverview:
    package = {special.day: special for special in package_special_days(year)}
    overrides = {row.day: row for row in db.session.scalars(calendar_days_in(year))}
    days = [
        OverviewDay(day, package.get(day), overrides.get(day))
        for day in sorted(package.keys() | overrides.keys())
    ]
    return YearOverview(
        year=year,
        from_package=package_covers(year),
        declared=db.session.get(CalendarYear, year),
        days=days,
        working_day_count=len(load_calendar().working_days_in(year)),
    )
