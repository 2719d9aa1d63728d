"""Deadlines counted in working days: a year without calendar data gives a provisional deadline
(weekdays only); entering that year's calendar recomputes it, for the task and its timer alike."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import chinese_calendar
from sqlalchemy import select

from webapp.extensions import db
from webapp.models import Deadline, ProcessInstance, User, WorkItem
from webapp.workdays.service import import_rows

SHANGHAI = ZoneInfo("Asia/Shanghai")


def _local(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=SHANGHAI)


def _state(app, instance_id: int):
    with app.app_context():
        item = db.session.scalar(select(WorkItem).where(WorkItem.instance_id == instance_id))
        rows = db.session.scalars(
            select(Deadline)
            .where(Deadline.instance_id == instance_id, Deadline.status == "pending")
            .order_by(Deadline.kind)
        ).all()
        db.session.expunge_all()
        return item, {row.kind: row for row in rows}


def test_working_days_in_2026_are_exact(deploy_diagrams, api, clock):
    app = deploy_diagrams("working_day_deadline.bpmn")
    clock.set(_local("2026-09-29T10:00:00"))  # Tuesday before the National Day holiday
    started = (
        api("school")
        .post("/api/v1/processes/working_day_deadline/instances", json={"data": {}})
        .get_json()
    )
    item, rows = _state(app, started["id"])
    day, counted = date(2026, 9, 29), 0
    while counted < 20:  # an independent count with the package itself
        day += timedelta(days=1)
        counted += chinese_calendar.is_workday(day)
    assert item.due_at == _local(f"{day.isoformat()}T23:59:59") and item.due_provisional is False
    assert day > date(2026, 10, 27)  # the National Day week was skipped
    assert rows["timer"].due_at == item.due_at
    assert rows["overdue"].due_at == item.due_at
    assert rows["reminder"].due_at == item.due_at - timedelta(days=1)


def test_a_year_without_data_is_provisional_until_its_calendar_is_entered(
    deploy_diagrams, api, clock, sweep
):
    app = deploy_diagrams("working_day_deadline.bpmn")
    clock.set(_local("2026-12-21T09:00:00"))  # a Monday; 2027 has no calendar data yet
    started = (
        api("school")
        .post("/api/v1/processes/working_day_deadline/instances", json={"data": {}})
        .get_json()
    )
    item, rows = _state(app, started["id"])
    weekdays_only = _local("2027-01-18T23:59:59")  # 8 days in Dec, then Jan 1 and Jan 4-18 counted
    assert item.due_at == weekdays_only and item.due_provisional is True
    assert rows["timer"].due_at == weekdays_only and rows["timer"].provisional is True
    assert rows["overdue"].provisional is True
    page = api("school").get(f"/api/v1/tasks/{item.id}").get_json()
    assert page["due_at"].startswith("2027-01-18")

    with app.app_context():
        admin = db.session.scalar(select(User).where(User.username == "admin"))
        import_rows(
            [{"日期": "2027-01-01", "类型": "休", "备注": "元旦"}], admin, clock, complete_year=2027
        )
        db.session.commit()

    item, rows = _state(app, started["id"])
    exact = _local("2027-01-19T23:59:59")  # New Year's Day is not a working day
    assert item.due_at == exact and item.due_provisional is False
    assert rows["timer"].due_at == exact and rows["timer"].provisional is False
    assert rows["overdue"].due_at == exact
    assert rows["reminder"].due_at == exact - timedelta(days=1)

    clock.set(exact.astimezone(UTC) - timedelta(days=1, seconds=1))
    assert sweep().fired == 0
    clock.advance(timedelta(seconds=1))
    assert sweep().fired == 1  # the reminder, a day before
    clock.set(exact.astimezone(UTC) - timedelta(seconds=1))
    assert sweep().fired == 0
    clock.advance(timedelta(seconds=1))
    assert sweep().fired >= 1  # the boundary timer (and the task's own overdue row, if first)
    with app.app_context():
        instance = db.session.get(ProcessInstance, started["id"])
        assert instance.status == "completed" and instance.data["late"] is True
