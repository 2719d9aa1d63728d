"""History is hash-chained: `audit verify` finds a changed, a deleted middle and a deleted last row."""

from __future__ import annotations

import pytest
from sqlalchemy import select, text

from tests.helpers import REPORT, complete, only_task
from webapp.extensions import db
from webapp.models import Event


@pytest.fixture
def history(deployed, api):
    school = api("school")
    started = school.post("/api/v1/processes/school_report/instances", json={"data": {}}).get_json()
    complete(school, started["tasks"][0]["id"], REPORT)
    complete(api("city"), only_task(api("city"), "市级初审")["id"], {"city_decision": "approve"})
    return started["id"]


def _verify(app) -> tuple[int, str]:
    result = app.test_cli_runner().invoke(args=["audit", "verify"])
    return result.exit_code, result.output


def _chain(app, instance_id: int) -> list[Event]:
    with app.app_context():
        return list(
            db.session.scalars(
                select(Event).where(Event.instance_id == instance_id).order_by(Event.seq)
            )
        )


def test_intact_history_verifies(deployed, history):
    code, output = _verify(deployed)
    assert code == 0 and "完整" in output


def test_changed_row_is_found(deployed, history):
    first = _chain(deployed, history)[0]
    with deployed.app_context():
        db.session.execute(
            text("UPDATE event SET actor_name = 'someone else' WHERE id = :id"), {"id": first.id}
        )
        db.session.commit()
    code, output = _verify(deployed)
    assert code != 0
    assert f"ID {first.id}）内容被修改" in output


def test_deleted_middle_row_is_found(deployed, history):
    events = _chain(deployed, history)
    assert len(events) >= 3
    with deployed.app_context():
        db.session.execute(text("DELETE FROM event WHERE id = :id"), {"id": events[1].id})
        db.session.commit()
    code, output = _verify(deployed)
    assert code != 0 and "第 2 条记录缺失" in output


def test_deleted_last_row_is_found(deployed, history):
    events = _chain(deployed, history)
    with deployed.app_context():
        db.session.execute(text("DELETE FROM event WHERE id = :id"), {"id": events[-1].id})
        db.session.commit()
    code, output = _verify(deployed)
    assert code != 0 and "末尾记录缺失" in output


def test_events_record_actor_before_and_after(deployed, history):
    completed = [e for e in _chain(deployed, history) if e.action == "task_completed"]
    assert completed[0].actor_name == "沈阳装备制造工程学校 教务处"
    assert completed[0].after["data"]["enrolled"] == 1500
