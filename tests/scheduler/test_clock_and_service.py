"""The manual clock stored in the database, and `flask scheduler run` as a long-running service."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from tests.scheduler.test_many_schedulers import _waiting_instances
from webapp import create_app
from webapp.extensions import db
from webapp.models import Deadline

ROOT = Path(__file__).resolve().parents[2]


def test_manual_clock_is_shared_through_the_database(tmp_path):
    url = f"sqlite:///{tmp_path / 'clock.sqlite'}"
    web = create_app({"SQLALCHEMY_DATABASE_URI": url, "CLOCK": "manual", "SECRET_KEY": "x"})
    other = create_app({"SQLALCHEMY_DATABASE_URI": url, "CLOCK": "manual", "SECRET_KEY": "x"})
    with web.app_context():
        db.create_all()
    runner = web.test_cli_runner()
    assert runner.invoke(args=["clock", "set", "2026-12-01T09:00:00+08:00"]).exit_code == 0
    moved = runner.invoke(args=["clock", "advance", "P3DT2H"])
    assert moved.exit_code == 0 and "2026-12-04T03:00:00+00:00" in moved.output
    with other.app_context():
        assert other.extensions["clock"].now() == datetime(2026, 12, 4, 3, 0, tzinfo=UTC)
    bad = runner.invoke(args=["clock", "set", "2026-12-01 09:00"])
    assert bad.exit_code != 0 and "时区" in bad.output
    assert "应形如 P5D" in runner.invoke(args=["clock", "advance", "3 days"]).output


def test_clock_commands_refuse_the_system_clock(tmp_path):
    app = create_app(
        {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'c.sqlite'}", "SECRET_KEY": "x"}
    )
    result = app.test_cli_runner().invoke(args=["clock", "advance", "P1D"])
    assert result.exit_code != 0 and "CLOCK=manual" in result.output


def test_manual_clock_is_refused_in_production_on_postgresql():
    with pytest.raises(RuntimeError, match="refused in production"):
        create_app(
            {
                "SQLALCHEMY_DATABASE_URI": "postgresql://u@db/zz",
                "CLOCK": "manual",
                "APP_ENV": "production",
                "SECRET_KEY": "x",
            }
        )


def test_scheduler_run_sweeps_on_its_interval_until_stopped(demo, clock, tmp_path):
    _waiting_instances(demo, clock, 40)
    env = {
        **os.environ,
        "DATABASE_URL": demo.config["SQLALCHEMY_DATABASE_URI"],
        "CLOCK": "manual",
        "SECRET_KEY": "t",
        "INSTANCE_PATH": str(tmp_path / "i"),
    }
    service = subprocess.Popen(
        [sys.executable, "-m", "flask", "--app", "webapp", "scheduler", "run", "--interval", "0.2"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        fired = 0
        for _ in range(3000):  # up to ~60 s, waiting on the process rather than on a timer
            with demo.app_context():
                fired = db.session.scalar(
                    select(func.count()).select_from(Deadline).where(Deadline.status == "fired")
                )
            if fired == 40:
                break
            with pytest.raises(subprocess.TimeoutExpired):
                service.wait(timeout=0.02)
        assert fired == 40
        assert service.poll() is None  # still running, ready for the next due row
    finally:
        service.send_signal(signal.SIGTERM)
        service.communicate(timeout=30)
