"""Calendar changes in the database: overrides, complete years, audit events and listeners."""

from __future__ import annotations

import io
from datetime import date

import pytest
from sqlalchemy import select

from tests.workdays.conftest import ROWS_2027, csv_bytes
from webapp.errors import NotFound, RuleViolation
from webapp.extensions import db
from webapp.models import CalendarDay, CalendarYear, Event
from webapp.workdays import service
from webapp.workdays.importing import CalendarImportError


@pytest.fixture
def changed_years(monkeypatch):
    """Years passed to calendar listeners, in call order."""
    monkeypatch.setattr(service, "CALENDAR_LISTENERS", [])
    seen: list[set[int]] = []
    service.on_calendar_changed(seen.append)
    return seen


def _events() -> list[Event]:
    return list(
        db.session.scalars(
            select(Event).where(Event.action == "calendar_changed").order_by(Event.seq)
        )
    )


def test_set_and_delete_a_day_are_audited_and_announced(admin, clock, changed_years):
    service.set_day(date(2026, 3, 4), False, " 临时停课 ", admin, clock)
    db.session.commit()
    assert not service.load_calendar().is_working_day(date(2026, 3, 4))
    service.set_day(date(2026, 3, 4), False, "临时停课", admin, clock)  # no change: no event
    service.delete_day(date(2026, 3, 4), admin, clock)
    db.session.commit()
    assert service.load_calendar().is_working_day(date(2026, 3, 4))
    first, second = _events()
    assert first.subject == "calendar:2026-03-04" and first.actor_id == admin.id
    assert first.before is None
    assert first.after == {"day": "2026-03-04", "is_working": False, "note": "临时停课"}
    assert second.before == first.after and second.after is None
    assert changed_years == [{2026}, {2026}]


def test_changing_a_day_records_before_and_after(admin, clock):
    service.set_day(date(2027, 2, 20), False, "", admin, clock)
    row = service.set_day(date(2027, 2, 20), True, "调休上班", admin, clock)
    assert row.is_working and row.updated_by_id == admin.id and row.updated_at == clock.now()
    assert _events()[-1].before["is_working"] is False


def test_refusals(admin, clock):
    with pytest.raises(NotFound):
        service.delete_day(date(2026, 3, 4), admin, clock)
    with pytest.raises(RuleViolation) as caught:
        service.set_day(date(2026, 3, 4), False, "长" * 101, admin, clock)
    assert "note" in caught.value.fields


def test_import_writes_every_row_and_can_complete_the_year(admin, clock, changed_years):
    stream = io.BytesIO(csv_bytes(ROWS_2027))
    result = service.import_file(stream, "2027.csv", admin, clock, complete_year=2027)
    db.session.commit()
    assert (result.created, result.updated, result.unchanged) == (3, 0, 0)
    assert (
        result.summary
        == "已导入 3 行：新增 3 行，修改 0 行，未变化 0 行。已标记 2027 年日历完整录入。"
    )
    calendar = service.load_calendar()
    assert calendar.has_data(2027) and calendar.complete_years == {2027}
    assert calendar.deadline(date(2027, 2, 5), 1).day == date(2027, 2, 9)
    assert not calendar.deadline(date(2027, 2, 5), 1).provisional
    assert changed_years == [{2027}, {2027}]
    assert len(_events()) == 4  # three days and the year
    again = service.import_file(io.BytesIO(csv_bytes(ROWS_2027)), "2027.csv", admin, clock)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)


def test_a_bad_row_imports_nothing(admin, clock, changed_years):
    rows = [*ROWS_2027, ("2027-13-01", "休", "")]
    with pytest.raises(CalendarImportError) as caught:
        service.import_file(io.BytesIO(csv_bytes(rows)), "2027.csv", admin, clock, 2027)
    assert caught.value.problems == ["第 5 行：日期“2027-13-01”无效（应如 2027-02-06）"]
    db.session.rollback()
    assert db.session.scalars(select(CalendarDay)).all() == []
    assert db.session.get(CalendarYear, 2027) is None
    assert changed_years == []


def test_completing_a_year_needs_rows_of_that_year(admin, clock):
    with pytest.raises(CalendarImportError) as caught:
        service.import_file(io.BytesIO(csv_bytes(ROWS_2027)), "a.csv", admin, clock, 2028)
    assert "没有 2028 年的日期" in caught.value.problems[0]


def test_year_complete_can_be_set_and_undone(admin, clock, changed_years):
    service.set_year_complete(2027, True, admin, clock)
    assert service.load_calendar().has_data(2027)
    service.set_year_complete(2027, False, admin, clock)
    assert not service.load_calendar().has_data(2027)
    assert changed_years == [{2027}, {2027}]
    assert [e.subject for e in _events()] == ["calendar:2027", "calendar:2027"]
