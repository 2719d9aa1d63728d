"""Several scheduler processes at once fire each due row exactly once; a killed one loses nothing.

These run the real `flask scheduler sweep` command in separate processes against the test database
(SQLite here; PostgreSQL with row locks that skip locked rows when TEST_DATABASE_URL is set), with
the manual clock stored in the database so every process reads the same "now".
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, insert, select

from tests.scheduler.conftest import diagram
from webapp import audit
from webapp.extensions import db
from webapp.models import Deadline, Event, ProcessInstance, User
from webapp.models.clock_state import store_now
from webapp.services import instances
from webapp.services.deploy import deploy

ROOT = Path(__file__).resolve().parents[2]


def _waiting_instances(app, clock, count: int) -> None:
    """`count` instances of one_timer, all waiting on a timer due at the same instant."""
    with app.app_context():
        deploy([diagram("one_timer.bpmn")], app.config["FORMS_DIR"], clock)
        province = db.session.scalar(select(User).where(User.username == "province"))
        first = instances.start("one_timer", province, clock, process_data={"fired_times": 0})
        db.session.commit()
        (row,) = db.session.scalars(select(Deadline).where(Deadline.instance_id == first.id)).all()
        copy = {
            c: getattr(first, c)
            for c in (
                "definition_id",
                "process_key",
                "title",
                "status",
                "state",
                "data",
                "created_at",
                "updated_at",
            )
        }
        ids = db.session.scalars(
            insert(ProcessInstance).returning(ProcessInstance.id),
            [dict(copy, lock_version=1) for _ in range(count - 1)],
        ).all()
        timer = {
            c: getattr(row, c)
            for c in (
                "kind",
                "label",
                "task_id",
                "spec_id",
                "process_key",
                "due_at",
                "status",
                "created_at",
            )
        }
        db.session.execute(
            insert(Deadline),
            [dict(timer, instance_id=i, attempts=0, provisional=False) for i in ids],
        )
        store_now(
            clock.now() + timedelta(hours=2)
        )  # commits: every process now sees the timers due


def _scheduler(app, tmp_path) -> subprocess.Popen:
    env = {
        **os.environ,
        "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
        "CLOCK": "manual",
        "SECRET_KEY": "test",
        "INSTANCE_PATH": str(tmp_path / "scheduler-instance"),
    }
    command = [sys.executable, "-m", "flask", "--app", "webapp", "scheduler", "sweep"]
    return subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def _assert_each_fired_once(app, count: int) -> None:
    with app.app_context():
        db.session.expire_all()
        statuses = dict(
            db.session.execute(
                select(Deadline.status, func.count()).group_by(Deadline.status)
            ).all()
        )
        assert statuses == {"fired": count}
        firings = db.session.execute(
            select(Event.instance_id, func.count())
            .where(Event.action == "timer_fired")
            .group_by(Event.instance_id)
        ).all()
        assert len(firings) == count and {n for _, n in firings} == {1}
        done = db.session.scalars(
            select(ProcessInstance.data).where(ProcessInstance.status == "completed")
        ).all()
        assert len(done) == count and all(data["fired_times"] == 1 for data in done)
        assert audit.verify() == []


def _run_schedulers(app, tmp_path, processes: int) -> None:
    running = [_scheduler(app, tmp_path) for _ in range(processes)]
    for proc in running:
        out, err = proc.communicate(timeout=600)
        assert proc.returncode == 0, err[-3000:]


def test_two_schedulers_on_the_same_rows_fire_each_once(demo, clock, tmp_path):
    _waiting_instances(demo, clock, 300)
    _run_schedulers(demo, tmp_path, 2)
    _assert_each_fired_once(demo, 300)


@pytest.mark.postgres
def test_three_schedulers_drain_two_thousand_timers_exactly_once_on_postgresql(
    demo, clock, tmp_path
):
    _waiting_instances(demo, clock, 2000)
    _run_schedulers(demo, tmp_path, 3)
    _assert_each_fired_once(demo, 2000)


def _fired(app) -> int:
    with app.app_context():
        return db.session.scalar(
            select(func.count()).select_from(Deadline).where(Deadline.status == "fired")
        )


def test_a_scheduler_killed_mid_sweep_loses_and_doubles_nothing(demo, clock, tmp_path):
    count = 600
    _waiting_instances(demo, clock, count)
    victim = _scheduler(demo, tmp_path)
    while _fired(demo) < count // 10:
        try:
            victim.wait(timeout=0.02)  # wait on the process itself, not on the clock
        except subprocess.TimeoutExpired:
            continue
        pytest.fail("the scheduler finished before it could be killed")
    victim.send_signal(signal.SIGKILL)
    victim.communicate()
    assert _fired(demo) < count
    _run_schedulers(demo, tmp_path, 1)  # the restarted scheduler catches up
    _assert_each_fired_once(demo, count)
