"""Due rows are claimed and fired in batches: each exactly once, oldest first, one failure kept
to its own row; a timer that changes no user task leaves the inbox unread."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import event, func, select

from scheduler import sweep as sweep_module
from tests.helpers import start_with
from webapp.extensions import db
from webapp.models import Deadline, Event, ProcessInstance, WorkItem


def _open_items(app, instance_id: int) -> list[tuple[int, str]]:
    with app.app_context():
        return db.session.execute(
            select(WorkItem.id, WorkItem.status).where(WorkItem.instance_id == instance_id)
        ).all()


def test_a_timer_that_changes_no_user_task_reads_no_open_items(deploy_diagrams, clock, sweep):
    app = deploy_diagrams("reminders.bpmn")
    instance_id = start_with(app, "reminders", "school", {})
    before = _open_items(app, instance_id)
    assert [status for _id, status in before] == ["open"]
    seen: list[tuple[str, object]] = []

    def capture(conn, cursor, statement, parameters, context, executemany):
        seen.append((statement, parameters))

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", capture)
    try:
        clock.advance(timedelta(days=1, minutes=1))
        assert sweep().fired == 1
    finally:
        event.remove(engine, "before_cursor_execute", capture)
    assert _open_items(app, instance_id) == before  # the same item, still open
    reads_open_items = [
        statement
        for statement, parameters in seen
        if "FROM work_item" in statement and "open" in str(parameters)
    ]
    assert reads_open_items == []
    with app.app_context():
        assert db.session.get(ProcessInstance, instance_id).data.get("reminded") is True


def test_more_rows_than_a_batch_fire_once_each_oldest_first(
    deploy_diagrams, clock, sweep, monkeypatch
):
    monkeypatch.setattr(sweep_module, "BATCH_SIZE", 4)
    app = deploy_diagrams("one_timer.bpmn")
    ids = []
    for _ in range(11):
        ids.append(start_with(app, "one_timer", "school", {"fired_times": 0}))
        clock.advance(timedelta(minutes=1))  # each due a minute after the one before
    clock.advance(timedelta(hours=2))
    result = sweep()
    assert (result.fired, result.failed) == (11, 0)
    with app.app_context():
        fired = db.session.execute(
            select(Deadline.instance_id)
            .where(Deadline.instance_id.in_(ids))
            .order_by(Deadline.fired_at, Deadline.id)
        ).scalars()
        assert list(fired) == ids
        events = db.session.scalar(
            select(func.count()).select_from(Event).where(Event.action == "timer_fired")
        )
        assert events == 11
        assert {db.session.get(ProcessInstance, i).data["fired_times"] for i in ids} == {1}
    assert sweep().fired == 0


def test_a_failing_row_leaves_the_rest_of_its_batch_fired(deploy_diagrams, clock, sweep):
    app = deploy_diagrams("failing_timer.bpmn")
    healthy = [start_with(app, "failing_timer", "school", {"divisor": d}) for d in (2, 4)]
    broken = start_with(app, "failing_timer", "school", {"divisor": 0})
    healthy.append(start_with(app, "failing_timer", "school", {"divisor": 5}))
    clock.advance(timedelta(hours=1))
    result = sweep()
    assert (result.fired, result.failed) == (3, 1)
    with app.app_context():
        shares = [db.session.get(ProcessInstance, i).data["share"] for i in healthy]
        assert shares == [50, 25, 20]
        row = db.session.scalar(select(Deadline).where(Deadline.instance_id == broken))
        assert (row.status, row.attempts, row.fired_at) == ("pending", 1, None)
        assert db.session.get(ProcessInstance, broken).status == "running"
        assert not db.session.scalar(
            select(func.count())
            .select_from(Event)
            .where(Event.instance_id == broken, Event.action == "timer_fired")
        )
