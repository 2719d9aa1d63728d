"""The stored "now" of the manual clock (CLOCK=manual, demo and tests only)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Mapped, mapped_column

from webapp.extensions import db

from .types import UTCDateTime


class ClockState(db.Model):
    __tablename__ = "clock_state"

    id: Mapped[int] = mapped_column(primary_key=True)
    now: Mapped[datetime] = mapped_column(UTCDateTime)


def load_stored_now() -> datetime | None:
    """Reading the time must not flush: a caller often reads it to stamp a row it has just
    added, whose timestamps are still empty."""
    with db.session.no_autoflush:
        return db.session.scalar(select(ClockState.now).where(ClockState.id == 1))


def store_now(instant: datetime) -> None:
    """Saves and commits at once: moving the clock is an operator action, not part of a request."""
    row = db.session.get(ClockState, 1)
    if row is None:
        db.session.add(ClockState(id=1, now=instant))
    else:
        row.now = instant
    db.session.commit()
