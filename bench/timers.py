"""Workload 4: timers on PostgreSQL with two scheduler processes.

Drain: 10,000 (quick 1,000) one_timer cases (tests/scheduler/diagrams) waiting on a timer due at
the same instant, cloned the way tests/scheduler/test_many_schedulers.py does; the manual clock
(CLOCK=manual, stored in the database) is moved past them and two `flask scheduler sweep`
processes drain them. Verified: every row fired, one timer_fired event and one completed case
with fired_times == 1 per case, the history chain intact. Baseline: one process draining a tenth
as many rows (its rate, scaled), so the figure shows what the second process adds.

Steady state: a timer due every 100 ms for 60 s (quick 10 s) in real time; two
`flask scheduler run --interval 0.1` processes on the system clock; lateness = fired_at − due_at.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from sqlalchemy import func, insert, select

from bench.common import ROOT, figure, log, ms, postgres_version, run_module, summary
from bench.fixtures import START, add_user, database_url, load_province, make_app

DIAGRAM = ROOT / "tests" / "scheduler" / "diagrams" / "one_timer.bpmn"
GOALS = {"drain_s": 10.0, "lateness_p99_s": 0.5}  # issue 15
INSTANCE_COLUMNS = ("definition_id", "process_key", "title", "status", "state", "data")
DEADLINE_COLUMNS = ("kind", "label", "task_id", "spec_id", "process_key", "status")


def _source(app, clock) -> int:
    """One started one_timer case; its id (its timer is due an hour after clock.now())."""
    from webapp.extensions import db
    from webapp.services import instances
    from webapp.services.deploy import deploy

    with app.app_context():
        deploy([DIAGRAM], app.config["FORMS_DIR"], clock)
        instance = instances.start_by_system("one_timer", None, clock, {"fired_times": 0})
        db.session.commit()
        return instance.id


def _clone(app, source: int, due_times: list) -> None:
    """A copy of the waiting case per due time, each with its pending timer row."""
    from webapp.extensions import db
    from webapp.models import Deadline, ProcessInstance

    with app.app_context():
        first = db.session.get(ProcessInstance, source)
        row = db.session.scalar(select(Deadline).where(Deadline.instance_id == source))
        copy = {c: getattr(first, c) for c in INSTANCE_COLUMNS}
        now = first.created_at
        ids = db.session.scalars(
            insert(ProcessInstance).returning(ProcessInstance.id, sort_by_parameter_order=True),
            [dict(copy, lock_version=1, created_at=now, updated_at=now) for _ in due_times],
        ).all()
        timer = {c: getattr(row, c) for c in DEADLINE_COLUMNS}
        db.session.execute(
            insert(Deadline),
            [
                dict(
                    timer, instance_id=i, due_at=due, created_at=now, attempts=0, provisional=False
                )
                for i, due in zip(ids, due_times, strict=True)
            ],
        )
        db.session.commit()


def _scheduler(url: str, workdir: Path, clock_mode: str, args: list[str], name: str):
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "CLOCK": clock_mode,
        "SECRET_KEY": "bench",
        "INSTANCE_PATH": str(workdir / "scheduler-instance"),
    }
    command = [sys.executable, "-m", "flask", "--app", "webapp", "scheduler", *args]
    out = (workdir / f"{name}.log").open("w")
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)


def _drain(app, url: str, workdir: Path, count: int, processes: int, clock) -> dict:
    """`count` cases due at one instant (a fresh source and its copies), then the manual clock
    moves past them and `processes` sweeps run at once until nothing is due."""
    from webapp.models.clock_state import store_now

    source = _source(app, clock)
    _clone(app, source, [clock.now() + timedelta(hours=1)] * (count - 1))
    with app.app_context():
        store_now(clock.now() + timedelta(hours=2))
    started = time.perf_counter()
    running = [
        _scheduler(url, workdir, "manual", ["sweep"], f"sweep-{count}-{n}")
        for n in range(processes)
    ]
    for proc in running:
        proc.wait(timeout=1800)
    seconds = time.perf_counter() - started
    fired = []
    for n, proc in enumerate(running):
        text = (workdir / f"sweep-{count}-{n}.log").read_text()
        match = re.search(r"已触发 (\d+) 条，失败 (\d+) 条", text)
        fired.append(int(match.group(1)) if match else None)
        if proc.returncode != 0:
            raise RuntimeError(f"scheduler failed: {text[-2000:]}")
    return {"rows": count, "processes": processes, "seconds": seconds, "fired_by_process": fired}


def _verify(app) -> dict:
    """Exactly once: every row fired, one event and one completed case per row, chain intact."""
    from webapp import audit
    from webapp.extensions import db
    from webapp.models import Deadline, Event, ProcessInstance

    with app.app_context():
        statuses = dict(
            db.session.execute(
                select(Deadline.status, func.count()).group_by(Deadline.status)
            ).all()
        )
        per_instance = db.session.execute(
            select(Event.instance_id, func.count())
            .where(Event.action == "timer_fired")
            .group_by(Event.instance_id)
        ).all()
        data = db.session.scalars(
            select(ProcessInstance.data).where(ProcessInstance.status == "completed")
        ).all()
        rows = sum(statuses.values())
        return {
            "rows": rows,
            "statuses": statuses,
            "all_fired": statuses == {"fired": rows},
            "events_once_each": len(per_instance) == rows and {n for _, n in per_instance} == {1},
            "completed_once_each": len(data) == rows and all(d["fired_times"] == 1 for d in data),
            "history_intact": audit.verify() == [],
        }


def _steady(
    url: str, workdir: Path, seconds: float, interval: float = 0.1, lead: float = 10
) -> dict:
    """Timers due every `interval` in real time; two `scheduler run` processes fire them."""
    from webapp.clock import ManualClock, SystemClock
    from webapp.extensions import db

    system = SystemClock()
    first_due = system.now() + timedelta(seconds=lead)  # leaves the schedulers time to start
    clock = ManualClock(first_due - timedelta(hours=1))  # the source's timer is due at first_due
    app = make_app(url, workdir, clock)
    with app.app_context():
        add_user("province1", "provincial_official", load_province()["210000"])
        db.session.commit()
    source = _source(app, clock)
    count = int(seconds / interval)
    _clone(app, source, [first_due + timedelta(seconds=interval * i) for i in range(1, count)])
    args = ["run", "--interval", str(interval)]
    running = [_scheduler(url, workdir, "system", args, f"run-{n}") for n in range(2)]
    try:
        _wait_until_fired(app, first_due + timedelta(seconds=seconds + 30), system)
    finally:
        for proc in running:
            proc.send_signal(signal.SIGTERM)
        for proc in running:
            proc.wait(timeout=30)
    verify = _verify(app)
    return {"timers": count, "lateness_s": _lateness(app), "verify": verify}


def _wait_until_fired(app, give_up, system) -> None:
    from webapp.extensions import db
    from webapp.models import Deadline

    while system.now() < give_up:
        with app.app_context():
            pending = db.session.scalar(
                select(func.count()).select_from(Deadline).where(Deadline.status == "pending")
            )
            db.session.remove()
        if pending == 0:
            return
        time.sleep(0.5)


def _lateness(app) -> list[float]:
    from webapp.extensions import db
    from webapp.models import Deadline

    with app.app_context():
        rows = db.session.execute(
            select(Deadline.due_at, Deadline.fired_at).where(Deadline.status == "fired")
        ).all()
        db.engine.dispose()
    return [(fired - due).total_seconds() for due, fired in rows]


def measure(quick: bool, force_profile: bool) -> dict:
    if not postgres_version():
        return {"skipped": "PostgreSQL is not reachable", "figures": {}}
    from webapp.clock import ManualClock
    from webapp.extensions import db

    count, steady_seconds = (400, 8.0) if quick else (10_000, 60.0)
    with tempfile.TemporaryDirectory(prefix="bench-timers-") as tmp:
        workdir = Path(tmp)
        clock = ManualClock(START)
        url = database_url("postgresql", "bench_timers", workdir)
        app = make_app(url, workdir, clock)
        with app.app_context():
            add_user("province1", "provincial_official", load_province()["210000"])
            db.session.commit()
        log(f"timers: one scheduler drains {count // 10} rows (baseline)")
        one = _drain(app, url, workdir, count // 10, 1, clock)
        clock.advance(timedelta(hours=3))
        log(f"timers: two schedulers drain {count} rows")
        two = _drain(app, url, workdir, count, 2, clock)
        verify = _verify(app)
        profiles = []
        if force_profile or (two["seconds"] > GOALS["drain_s"] and not quick):
            clock.advance(timedelta(hours=3))
            profiles.append(_profile_sweep(app, clock, 200))
        with app.app_context():
            db.engine.dispose()
        log(f"timers: steady state for {steady_seconds:.0f} s")
        steady_url = database_url("postgresql", "bench_timers_steady", workdir)
        steady = _steady(steady_url, workdir, steady_seconds, lead=6 if quick else 10)
    return {**_result(count, one, two, verify, steady), "profiles": profiles}


def _profile_sweep(app, clock, rows: int) -> dict:
    """The same sweep in-process under pyinstrument: where one fired timer spends its time."""
    from bench.profiling import profile
    from scheduler.sweep import sweep

    source = _source(app, clock)
    _clone(app, source, [clock.now() + timedelta(hours=1)] * (rows - 1))
    clock.advance(timedelta(hours=2))
    return profile(
        lambda: sweep(app, clock), f"scheduler.sweep.sweep firing {rows} due timers in-process"
    )


def _result(count: int, one: dict, two: dict, verify: dict, steady: dict) -> dict:
    baseline_s = one["seconds"] * count / one["rows"]  # one process, scaled to the same rows
    lateness = summary(steady["lateness_s"])
    exactly_once = all(v for k, v in verify.items() if k not in ("rows", "statuses"))
    steady_once = all(v for k, v in steady["verify"].items() if k not in ("rows", "statuses"))
    return {
        "figures": {
            "drain_s": figure(
                two["seconds"],
                "s",
                GOALS["drain_s"],
                baseline=baseline_s,
                baseline_name="one scheduler process, scaled from a tenth of the rows",
            ),
            "drain_rate_per_s": figure(two["rows"] / two["seconds"], "1/s"),
            "drain_exactly_once": figure(float(exactly_once), "bool", 1.0, ">="),
            "lateness_p99_s": figure(lateness["p99"], "s", GOALS["lateness_p99_s"]),
            "lateness_median_ms": figure(ms(lateness["median"]), "ms"),
            "steady_exactly_once": figure(float(steady_once), "bool", 1.0, ">="),
        },
        "drain_one_process": one,
        "drain_two_processes": two,
        "verify_drain": verify,
        "steady": {k: v for k, v in steady.items() if k != "lateness_s"},
        "lateness_s": lateness,
    }


if __name__ == "__main__":
    run_module("timers", __doc__.splitlines()[0], measure)
