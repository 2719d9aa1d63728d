"""The only reader of the wall clock: everything else is handed a Clock."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Protocol

from flask import current_app


class Clock(Protocol):
    def now(self) -> datetime:
        """The current instant, timezone-aware, in UTC."""


class SystemClock:
    """Reads the machine's clock."""

    def now(self) -> datetime:
        return datetime.now(timezone.utc)


class ManualClock:
    """A clock that only moves when told to (tests and demo)."""

    def __init__(self, start: datetime | None = None) -> None:
        self._now = start or datetime(2026, 3, 2, 1, 0, tzinfo=timezone.utc)

    def now(self) -> datetime:
        return self._now

    def set(self, instant: datetime) -> None:
        if instant.tzinfo is None:
            raise ValueError("ManualClock needs a timezone-aware datetime")
        self._now = instant.astimezone(timezone.utc)

    def advance(self, delta: timedelta) -> None:
        self._now = self._now + delta


class StoredClock:
    """A manual clock kept in the database, so the web app and every scheduler process agree.

    `load` returns the stored instant (or None before the first `set`, when the machine's time is
    used); `store` saves one. Both are given by the app, keeping this module free of the ORM.
    """

    def __init__(self, load, store) -> None:
        self._load = load
        self._store = store

    def now(self) -> datetime:
        stored = self._load()
        return stored if stored is not None else datetime.now(timezone.utc).replace(microsecond=0)

    def set(self, instant: datetime) -> None:
        if instant.tzinfo is None:
            raise ValueError("StoredClock needs a timezone-aware datetime")
        self._store(instant.astimezone(timezone.utc))

    def advance(self, delta: timedelta) -> None:
        self.set(self.now() + delta)


def current_clock() -> Clock:
    """The running app's clock (create_app chooses it): what views and commands hand on."""
    return current_app.extensions["clock"]
