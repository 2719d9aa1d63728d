"""The working-day calendar's editable data: day overrides and years declared complete."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, String, select
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.extensions import db

from .types import UTCDateTime
from .user import User


class CalendarDay(db.Model):
    """One day whose status an admin set; it beats the chinesecalendar package."""

    __tablename__ = "calendar_day"

    day: Mapped[date] = mapped_column(primary_key=True)
    is_working: Mapped[bool]
    note: Mapped[str] = mapped_column(String(100), default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    updated_by: Mapped[User | None] = relationship()


class CalendarYear(db.Model):
    """complete=True: this year's calendar has been entered, so its results are not provisional."""

    __tablename__ = "calendar_year"

    year: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    complete: Mapped[bool] = mapped_column(default=False)
    note: Mapped[str] = mapped_column(String(200), default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))


def calendar_days_in(year: int):
    """Overrides of one year, in date order."""
    return (
        select(CalendarDay)
        .where(CalendarDay.day >= date(year, 1, 1), CalendarDay.day < date(year + 1, 1, 1))
        .order_by(CalendarDay.day)
    )
