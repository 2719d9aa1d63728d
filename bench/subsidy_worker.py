"""The timed parts of the subsidy workload, each in a fresh process so its peak RSS is its own.

python -m bench.subsidy_worker import URL WORKDIR CSV
python -m bench.subsidy_worker check URL WORKDIR REPETITIONS GOAL_S EXPLAIN(0/1) CAP_S
Prints one JSON line. `check` times checks.run over the whole round + commit, and the time of
each SQL statement of the last repetition; with EXPLAIN=1 or a missed goal it also asks the
database for the plans of the slowest statements (EXPLAIN / EXPLAIN QUERY PLAN, not run). On
SQLite a run still going after CAP_S seconds is interrupted (sqlite3's progress handler) and
reported as such: the plan that makes it that slow would otherwise run for hours.
"""

from __future__ import annotations

import json
import resource
import sys
import time
from datetime import date
from pathlib import Path

from sqlalchemy import event, func, select
from sqlalchemy.exc import OperationalError

CODES = (
    "not_registered", "status", "not_full_time", "compulsory_duplicate", "dual_registration",
    "double_subsidy", "grade_ineligible", "major_ineligible", "amount",
)  # fmt: skip


def _peak_rss_mb() -> float:
    """This program's peak RSS: VmHWM, the high-water mark of the process's current memory map.
    Not getrusage's ru_maxrss: Linux carries that over from the parent across fork and exec, so a
    child of the (larger) generator process would report the generator's peak."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024  # kB
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # not Linux: KiB or bytes


def _app(url: str, workdir: Path):
    from bench.fixtures import START, make_app
    from webapp.clock import ManualClock

    return make_app(url, workdir, ManualClock(START), migrate=False)


def do_import(url: str, workdir: Path, csv_path: str) -> dict:
    from webapp.clock import ManualClock
    from webapp.student_registry.service import import_registry

    app = _app(url, workdir)
    with app.app_context():
        started = time.perf_counter()
        result = import_registry(csv_path, "registry.csv", date(2026, 9, 20), ManualClock())
        seconds = time.perf_counter() - started
    return {
        "seconds": seconds,
        "rows": result.rows,
        "pairs": result.pairs,
        "inserted": result.inserted,
        "peak_rss_mb": _peak_rss_mb(),
    }


def _label(statement: str, parameters) -> str:
    values = parameters.values() if isinstance(parameters, dict) else parameters or ()
    code = next((v for v in values if isinstance(v, str) and v in CODES), None)
    verb = statement.lstrip().split(None, 1)[0].upper()
    if code:
        return f"{verb} flags {code}"
    if verb == "DELETE":
        return "DELETE old flags"
    if "GROUP BY" in statement:
        return "SELECT flag counts"
    return f"{verb} kept rows (unsettle)" if "explanation" in statement else f"{verb} other"


def _explain(connection, statement: str, parameters) -> list[str]:
    if connection.dialect.name == "postgresql":
        rows = connection.exec_driver_sql("EXPLAIN " + statement, parameters).all()
        return [row[0] for row in rows]
    rows = connection.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters).all()
    return [f"{row[0]}|{row[1]}| {row[-1]}" for row in rows]


def do_check(
    url: str, workdir: Path, repetitions: int, goal: float, explain: bool, cap: float
) -> dict:
    from webapp.extensions import db
    from webapp.processes.subsidy_verification import checks
    from webapp.processes.subsidy_verification.models import SubsidyFlag, SubsidyRound
    from webapp.processes.subsidy_verification.settings_values import rules_for

    app = _app(url, workdir)
    with app.app_context():
        statements: list[list] = []
        current: dict = {}

        deadline = [float("inf")]
        sqlite = db.engine.dialect.name == "sqlite"

        def _stop() -> int:
            return int(time.perf_counter() > deadline[0])

        @event.listens_for(db.engine, "before_cursor_execute")
        def _before(conn, cursor, statement, parameters, context, executemany):
            current.update(started=time.perf_counter(), sql=(statement, parameters))
            if sqlite and cap:  # sqlite3 calls _stop every 100,000 VM steps
                cursor.connection.set_progress_handler(_stop, 100_000)

        @event.listens_for(db.engine, "after_cursor_execute")
        def _after(conn, cursor, statement, parameters, context, executemany):
            elapsed = time.perf_counter() - current.pop("started")
            statements.append([statement, parameters, elapsed])

        seconds, counts, interrupted = [], {}, None
        for _ in range(repetitions):
            round_ = db.session.scalars(select(SubsidyRound)).one()
            rules = rules_for(round_.subsidy_type)
            statements.clear()  # only checks.run's own statements
            started = time.perf_counter()
            deadline[0] = started + cap if cap else float("inf")
            try:
                counts = checks.run(round_, rules)
                db.session.commit()
            except OperationalError as error:
                if "interrupt" not in str(error):
                    raise
                statement, parameters = current.get("sql", ("", None))
                elapsed = time.perf_counter() - current.pop("started", started)
                statements.append([statement, parameters, elapsed])
                interrupted = _label(statement, parameters)
                db.session.rollback()
                seconds.append(time.perf_counter() - started)
                break
            seconds.append(time.perf_counter() - started)
        deadline[0] = float("inf")
        event.remove(db.engine, "before_cursor_execute", _before)
        event.remove(db.engine, "after_cursor_execute", _after)
        flagged = db.session.scalar(select(func.count(func.distinct(SubsidyFlag.recipient_id))))
        timed = [
            {"label": _label(s, p), "ms": round(t * 1000, 1), "sql": s, "parameters": p}
            for s, p, t in statements
        ]
        slowest = sorted(timed, key=lambda s: s["ms"], reverse=True)
        plans = []
        if explain or interrupted or sorted(seconds)[len(seconds) // 2] > goal:
            with db.engine.connect() as connection:
                for s in slowest[:4]:
                    plans.append({"label": s["label"], "ms": s["ms"], "sql": s["sql"],
                                  "plan": _explain(connection, s["sql"], s["parameters"])})  # fmt: skip
    return {
        "seconds": seconds,
        "interrupted": interrupted,  # the statement stopped at CAP_S, or None
        "cap_s": cap,
        "counts": counts,
        "flagged_rows": flagged,
        "statements": [{"label": s["label"], "ms": s["ms"]} for s in timed if s["ms"] >= 1],
        "plans": plans,
        "peak_rss_mb": _peak_rss_mb(),
    }


def main() -> None:
    mode, url, workdir = sys.argv[1], sys.argv[2], Path(sys.argv[3])
    if mode == "import":
        result = do_import(url, workdir, sys.argv[4])
    else:
        reps, goal, explain = int(sys.argv[4]), float(sys.argv[5]), sys.argv[6] == "1"
        result = do_check(url, workdir, reps, goal, explain, float(sys.argv[7]))
    print(json.dumps(result, ensure_ascii=False, default=str), flush=True)


if __name__ == "__main__":
    main()
