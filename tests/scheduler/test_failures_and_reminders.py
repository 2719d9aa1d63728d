"""One failing instance never blocks the sweep; it is retried with backoff, then shown to the admin.
Reminders and expiry of a task's due date notify the people who may act on it."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from tests.helpers import REPORT, complete, start_with
from webapp.extensions import db
from webapp.models import Deadline, Event, Notification, ProcessInstance, WorkItem


def _start(caller, key: str, data: dict) -> int:
    response = caller.post(f"/api/v1/processes/{key}/instances", json={"data": data})
    assert response.status_code == 201, response.get_json()
    return response.get_json()["id"]


def _timer_row(app, instance_id: int) -> Deadline:
    with app.app_context():
        row = db.session.scalar(
            select(Deadline).where(Deadline.instance_id == instance_id, Deadline.kind == "timer")
        )
        db.session.expunge(row)
        return row


def test_a_failing_instance_is_retried_with_backoff_then_shown_and_retried_by_the_admin(
    deploy_diagrams, api, login_as, clock, sweep
):
    app = deploy_diagrams("failing_timer.bpmn")
    broken = start_with(app, "failing_timer", "school", {"divisor": 0})
    healthy = start_with(app, "failing_timer", "school", {"divisor": 4})
    clock.advance(timedelta(hours=1))
    result = sweep()
    assert (result.fired, result.failed) == (1, 1)
    with app.app_context():
        assert db.session.get(ProcessInstance, healthy).data["share"] == 25
    row = _timer_row(app, broken)
    assert row.status == "pending" and row.attempts == 1
    assert row.last_error.startswith("ScriptError") and "share = 100 / divisor" in row.last_error
    assert row.next_attempt_at == clock.now() + timedelta(seconds=30)
    assert sweep().failed == 0  # not yet: it waits for its retry time
    delays = []
    for _ in range(4):
        wait = _timer_row(app, broken).next_attempt_at - clock.now()
        delays.append(wait)
        clock.advance(wait)
        assert sweep().failed == 1
    assert delays == [
        timedelta(seconds=30),
        timedelta(seconds=60),
        timedelta(seconds=120),
        timedelta(seconds=240),
    ]
    row = _timer_row(app, broken)
    assert row.status == "failed" and row.attempts == 5
    with app.app_context():
        assert "定时任务多次失败" in db.session.get(ProcessInstance, broken).error

    admin = login_as("admin")
    page = admin.get("/admin/failed-jobs").get_data(as_text=True)
    assert "会出错的定时流程" in page and "失败" in page
    assert login_as("school").get("/admin/failed-jobs").status_code == 404
    retried = admin.post(f"/admin/failed-jobs/{row.id}/retry", follow_redirects=True)
    assert "已重新排队" in retried.get_data(as_text=True)
    row = _timer_row(app, broken)
    assert row.status == "pending" and row.attempts == 0
    assert sweep().failed == 1  # the data is still wrong, so it fails again, and is counted anew
    assert _timer_row(app, broken).attempts == 1


def test_reminders_then_expiry_notify_the_candidates_and_mark_the_item(deployed, api, clock, sweep):
    school = api("school")
    instance_id = _start(school, "school_report", {})
    # the school's task is due in 10 days; default reminders 7 and 1 days before
    clock.advance(timedelta(days=3))
    assert sweep().fired == 1
    with deployed.app_context():
        item = db.session.scalar(select(WorkItem).where(WorkItem.instance_id == instance_id))
        assert item.escalation == "reminded"
        kinds = db.session.scalars(
            select(Notification.kind).where(Notification.work_item_id == item.id)
        ).all()
        assert kinds == ["reminder"]
    clock.advance(timedelta(days=7))
    assert sweep().fired == 2  # the last reminder and the expiry, oldest first
    with deployed.app_context():
        item = db.session.scalar(select(WorkItem).where(WorkItem.instance_id == instance_id))
        assert item.escalation == "overdue"
        events = db.session.scalars(
            select(Notification.kind)
            .where(Notification.work_item_id == item.id)
            .order_by(Notification.id)
        ).all()
        assert events == ["reminder", "reminder", "overdue"]
    body = api("school").get(f"/api/v1/instances/{instance_id}").get_json()  # a fresh token
    actions = [h["action"] for h in body["history"]]
    assert actions.index("task_reminded") < actions.index("task_overdue")


def test_completing_a_task_cancels_its_reminders(deployed, api, clock, sweep):
    school = api("school")
    instance_id = _start(school, "school_report", {})
    with deployed.app_context():
        item_id = db.session.scalar(select(WorkItem.id).where(WorkItem.instance_id == instance_id))
    complete(school, item_id, REPORT)
    with deployed.app_context():
        rows = db.session.scalars(select(Deadline).where(Deadline.work_item_id == item_id)).all()
        assert {r.status for r in rows} == {"cancelled"}
    clock.advance(timedelta(days=4))
    sweep()  # only the city's task reminders are pending now
    with deployed.app_context():
        assert (
            db.session.scalar(
                select(Notification).where(
                    Notification.work_item_id == item_id, Notification.kind == "reminder"
                )
            )
            is None
        )


def test_a_scheduler_that_was_down_catches_up_oldest_first(deploy_diagrams, api, clock, sweep):
    app = deploy_diagrams("one_timer.bpmn", "timed_review.bpmn")
    school = api("school")
    late = _start(school, "timed_review", {})  # due in 7 days
    early = start_with(app, "one_timer", "school", {"fired_times": 0})  # due in 1 hour
    clock.advance(timedelta(days=30))
    assert sweep().fired == 2
    with app.app_context():
        order = db.session.scalars(
            select(Deadline.instance_id)
            .where(Deadline.status == "fired")
            .order_by(Deadline.fired_at, Deadline.id)
        ).all()
        events = db.session.scalars(
            select(Event.instance_id).where(Event.action == "timer_fired").order_by(Event.id)
        ).all()
    assert set(order) == {late, early}
    assert events == [early, late]
