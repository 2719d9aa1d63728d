"""Every timer kind fires when the clock passes its due time, and only then (no sleeping)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from tests.helpers import complete, inbox
from webapp.extensions import db
from webapp.models import Deadline, Event, ProcessInstance, WorkItem


def _start(caller, key: str, data: dict | None = None) -> dict:
    response = caller.post(f"/api/v1/processes/{key}/instances", json={"data": data or {}})
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def _rows(app, instance_id: int, kind: str | None = None) -> list[Deadline]:
    with app.app_context():
        query = select(Deadline).where(Deadline.instance_id == instance_id).order_by(Deadline.id)
        if kind:
            query = query.where(Deadline.kind == kind)
        rows = db.session.scalars(query).all()
        db.session.expunge_all()
        return rows


def _instance(app, instance_id: int) -> ProcessInstance:
    with app.app_context():
        instance = db.session.get(ProcessInstance, instance_id)
        db.session.expunge(instance)
        return instance


def test_interrupting_boundary_timer_fires_after_its_duration_only(
    deploy_diagrams, api, clock, sweep
):
    app = deploy_diagrams("timed_review.bpmn")
    school = api("school")
    started = _start(school, "timed_review")
    (timer,) = _rows(app, started["id"], "timer")
    assert timer.due_at == clock.now() + timedelta(days=7)
    clock.advance(timedelta(days=7) - timedelta(seconds=1))
    assert sweep().fired == 0
    assert _instance(app, started["id"]).status == "running"
    clock.advance(timedelta(seconds=1))
    assert sweep().fired == 1
    instance = _instance(app, started["id"])
    assert instance.status == "completed" and instance.data["overdue"] is True
    assert _rows(app, started["id"], "timer")[0].status == "fired"
    with app.app_context():
        item = db.session.scalar(select(WorkItem).where(WorkItem.instance_id == started["id"]))
        assert item.status == "cancelled"
    assert sweep().fired == 0  # nothing fires twice


def test_completing_the_task_first_cancels_the_boundary_timer(deploy_diagrams, api, clock, sweep):
    app = deploy_diagrams("timed_review.bpmn")
    school = api("school")
    started = _start(school, "timed_review")
    complete(school, started["tasks"][0]["id"], {})
    assert [r.status for r in _rows(app, started["id"], "timer")] == ["cancelled"]
    clock.advance(timedelta(days=30))
    assert sweep().fired == 0
    assert "overdue" not in _instance(app, started["id"]).data


def test_non_interrupting_cycle_fires_each_period_and_leaves_the_task_open(
    deploy_diagrams, api, clock, sweep
):
    app = deploy_diagrams("reminders.bpmn")
    school = api("school")
    started = _start(school, "reminders")
    fired = []
    for _ in range(4):
        clock.advance(timedelta(days=1))
        fired.append(sweep().fired)
    assert fired == [1, 1, 0, 0]  # R2/P1D: twice, a day apart
    # one row per firing: the cycle re-arms after each
    assert [r.status for r in _rows(app, started["id"], "timer")] == ["fired", "fired"]
    assert len(inbox(api("school"), process="reminders")) == 1
    with app.app_context():
        events = db.session.scalars(select(Event).where(Event.action == "timer_fired")).all()
        assert len(events) == 2
    complete(api("school"), started["tasks"][0]["id"], {})
    assert _instance(app, started["id"]).status == "completed"


def test_intermediate_time_date_timer_waits_for_its_instant(deploy_diagrams, api, clock, sweep):
    app = deploy_diagrams("scheduled_notice.bpmn")
    started = _start(api("school"), "scheduled_notice")
    assert started["tasks"] == []
    clock.set(datetime(2026, 3, 10, 0, 59, 59, tzinfo=UTC))  # 08:59:59 in Shanghai
    assert sweep().fired == 0
    clock.set(datetime(2026, 3, 10, 1, 0, tzinfo=UTC))
    assert sweep().fired == 1
    assert [i["name"] for i in inbox(api("school"), process="scheduled_notice")] == ["发布通知"]
    assert _rows(app, started["id"])[0].status == "fired"


def test_timer_start_event_schedules_an_instance_at_deploy(deploy_diagrams, api, clock, sweep):
    app = deploy_diagrams("timer_start.bpmn")
    with app.app_context():
        (instance,) = db.session.scalars(select(ProcessInstance)).all()
        assert instance.starter_id is None and instance.process_key == "timer_start"
    assert inbox(api("province")) == []
    clock.set(datetime(2026, 3, 10, 1, 0, tzinfo=UTC))
    assert sweep().fired == 1
    assert [i["name"] for i in inbox(api("province"))] == ["准备材料"]
    redeploy = app.test_cli_runner().invoke(
        args=[
            "deploy",
            str(
                __import__("tests.scheduler.conftest", fromlist=["diagram"]).diagram(
                    "timer_start.bpmn"
                )
            ),
        ]
    )
    assert "未变化" in redeploy.output
    with app.app_context():
        assert (
            len(db.session.scalars(select(ProcessInstance)).all()) == 1
        )  # an unchanged file schedules nothing new
