"""Calendar use cases: load the calendar, change or import days, declare a year complete.

Services add and flush; the view or CLI commits. Every change is audited
("calendar_changed", subject "calendar:<day>" or "calendar:<year>"), then each callback in
CALENDAR_LISTENERS is called with the set of years changed, inside the same transaction, so that
deadline code can recompute provisional deadlines and be committed (or rolled back) together
with the change. A listener that raises fails the change.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import BinaryIO

from sqlalchemy import select

from webapp import audit, spreadsheets
from webapp.clock import Clock
from webapp.errors import NotFound, RuleViolation
from webapp.extensions import db
from webapp.models import CalendarDay, CalendarYear, User

from .calendar import WorkdayCalendar
from .importing import MAX_IMPORT_BYTES, NOTE_MAX, CalendarImportError, parse_rows, read_table

CalendarListener = Callable[[set[int]], None]
CALENDAR_LISTENERS: list[CalendarListener] = []


def on_calendar_changed(listener: CalendarListener) -> CalendarListener:
    """Register a callback for calendar changes (usable as a decorator)."""
    CALENDAR_LISTENERS.append(listener)
    return listener


def _notify(years: Iterable[int]) -> None:
    changed = set(years)
    if not changed:
        return
    for listener in list(CALENDAR_LISTENERS):
        listener(set(changed))


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int
    unchanged: int
    years: frozenset[int]
    completed_year: int | None = None

    @property
    def summary(self) -> str:
        total = self.created + self.updated + self.unchanged
        text = (
            f"已导入 {total} 行：新增 {self.created} 行，修改 {self.updated} 行，"
            f"未变化 {self.unchanged} 行。"
        )
        if self.completed_year is not None:
            text += f"已标记 {self.completed_year} 年日历完整录入。"
        return text


def load_calendar() -> WorkdayCalendar:
    """The calendar as the database says now: package data, overrides, complete years."""
    overrides = dict(db.session.execute(select(CalendarDay.day, CalendarDay.is_working)).all())
    complete = db.session.scalars(select(CalendarYear.year).where(CalendarYear.complete))
    return WorkdayCalendar(overrides, frozenset(complete))


class CalendarOnDemand:
    """The calendar of load_calendar(), read the first time a step asks for a working day: most
    steps compute none, and each read is two queries."""

    def __init__(self) -> None:
        self._calendar: WorkdayCalendar | None = None

    def __getattr__(self, name: str):
        if self._calendar is None:
            self._calendar = load_calendar()
        return getattr(self._calendar, name)


def _day_state(row: CalendarDay | None) -> dict | None:
    if row is None:
        return None
    return {"day": row.day.isoformat(), "is_working": row.is_working, "note": row.note}


def _check_note(note: str) -> str:
    note = (note or "").strip()
    if len(note) > NOTE_MAX:
        raise RuleViolation(f"备注不能超过 {NOTE_MAX} 字。", {"note": f"不能超过 {NOTE_MAX} 字"})
    return note


def _upsert(day: date, is_working: bool, note: str, user: User | None, clock: Clock) -> str:
    """Write one override; 'created', 'updated' or 'unchanged'."""
    row = db.session.get(CalendarDay, day)
    before = _day_state(row)
    if row is not None and row.is_working == is_working and row.note == note:
        return "unchanged"
    if row is None:
        row = CalendarDay(day=day)
        db.session.add(row)
    row.is_working, row.note = is_working, note
    row.updated_at = clock.now()
    row.updated_by_id = user.id if user else None
    audit.record(
        "calendar_changed",
        clock,
        actor=user,
        subject=f"calendar:{day.isoformat()}",
        before=before,
        after=_day_state(row),
    )
    return "created" if before is None else "updated"


def set_day(day: date, is_working: bool, note: str, user: User | None, clock: Clock) -> CalendarDay:
    """Make one day a working day (True) or a day off (False), whatever the package says."""
    outcome = _upsert(day, is_working, _check_note(note), user, clock)
    db.session.flush()
    if outcome != "unchanged":
        _notify({day.year})
    return db.session.get(CalendarDay, day)


def delete_day(day: date, user: User | None, clock: Clock) -> None:
    """Remove an override, so the package (or weekdays-only) decides the day again."""
    row = db.session.get(CalendarDay, day)
    if row is None:
        raise NotFound(f"{day.isoformat()} 没有调整记录。")
    audit.record(
        "calendar_changed",
        clock,
        actor=user,
        subject=f"calendar:{day.isoformat()}",
        before=_day_state(row),
        after=None,
    )
    db.session.delete(row)
    db.session.flush()
    _notify({day.year})


def set_year_complete(
    year: int, complete: bool, user: User | None, clock: Clock, note: str = ""
) -> CalendarYear:
    """Declare a year's calendar entered (results in it stop being provisional), or undo that."""
    row = db.session.get(CalendarYear, year)
    before = {"year": year, "complete": row.complete} if row else None
    if row is not None and row.complete == complete:
        return row
    if row is None:
        row = CalendarYear(year=year)
        db.session.add(row)
    row.complete, row.note = complete, note.strip()[:200]
    row.updated_at = clock.now()
    row.updated_by_id = user.id if user else None
    audit.record(
        "calendar_changed",
        clock,
        actor=user,
        subject=f"calendar:{year}",
        before=before,
        after={"year": year, "complete": complete},
    )
    db.session.flush()
    _notify({year})
    return row


def import_rows(
    rows: Sequence[Mapping[str, object]],
    user: User | None,
    clock: Clock,
    complete_year: int | None = None,
) -> ImportResult:
    """Write every row ({"日期", "类型", "备注"}; rows[i] is line i + 2) or none of them."""
    parsed = parse_rows(rows)
    if complete_year is not None and not any(r.day.year == complete_year for r in parsed):
        raise CalendarImportError(
            [f"文件中没有 {complete_year} 年的日期，不能标记该年度已完整录入"]
        )
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    changed: set[int] = set()
    for row in parsed:
        outcome = _upsert(row.day, row.is_working, row.note, user, clock)
        counts[outcome] += 1
        if outcome != "unchanged":
            changed.add(row.day.year)
    db.session.flush()
    _notify(changed)
    if complete_year is not None:
        set_year_complete(complete_year, True, user, clock, note="随日历文件导入")
    return ImportResult(
        **counts, years=frozenset(r.day.year for r in parsed), completed_year=complete_year
    )


def import_file(
    source: str | Path | BinaryIO,
    filename: str,
    user: User | None,
    clock: Clock,
    complete_year: int | None = None,
) -> ImportResult:
    """import_rows from a .csv (UTF-8, with or without BOM, or GB18030) or .xlsx file."""
    data = spreadsheets.read_upload(source, MAX_IMPORT_BYTES)
    return import_rows(read_table(data, filename), user, clock, complete_year)
