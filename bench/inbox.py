"""Workload 3: the inbox over a season of work items (1,000,000; quick mode 100,000).

Three users ask through `webapp.models.inbox.inbox(...)`: the staff of the biggest school, the
official of the biggest city, and a provincial official. For each: the first page (the count
and the page, as the inbox page runs them), a filtered page, and the count alone. The baseline
is a primary-key read of one work item through the same session. Each query is measured with a
tenth of the season loaded and again with all of it: the cost must not grow with the backlog
(at most 1.5x). Misses come with the EXPLAIN of the exact statements the call sent.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from sqlalchemy import event, func, insert, select, text

from bench.common import figure, log, ms, postgres_version, run_module, summary
from bench.fixtures import FAST_HASH, PASSWORD, database_url, deploy_workflows, load_province
from bench.fixtures import make_app as _make_app
from bench.inbox_data import NOW, Season, load

GOAL_P95_MS = {"postgresql": 10.0, "sqlite": 20.0}  # issue 15
GOAL_GROWTH = 1.5  # the same query at the full season, against a tenth of it


def _users(orgs: list) -> dict:
    from werkzeug.security import generate_password_hash

    from webapp.extensions import db
    from webapp.models import User

    hashed = generate_password_hash(PASSWORD, method=FAST_HASH)
    roles = {"school": "school_staff", "city": "city_official", "province": "provincial_official"}
    rows = [
        {"username": f"u{o.code}", "role": roles[o.kind], "org_id": o.id, "password_hash": hashed}
        for o in orgs
    ]
    db.session.execute(insert(User), rows)
    users = db.session.execute(select(User.id, User.org_id)).all()
    by_org = {org_id: user_id for user_id, org_id in users}
    return {(o.kind, None if o.kind == "province" else o.id): by_org[o.id] for o in orgs}


def _setup(kind: str, workdir: Path, items: int):
    from webapp.clock import ManualClock
    from webapp.extensions import db
    from webapp.models import Organisation
    from webapp.services.deploy import latest_definition

    clock = ManualClock(NOW)
    app = _make_app(database_url(kind, "bench_inbox", workdir), workdir, clock)
    with app.app_context():
        load_province()
        orgs = db.session.scalars(select(Organisation).order_by(Organisation.id)).all()
        users = _users(orgs)
        deploy_workflows(app, clock)
        db.session.commit()
        keys = ("school_report", "student_registration", "internship_approval")
        definitions = {key: latest_definition(key).id for key in keys}
        schools = [(o.id, o.parent_id, o.name) for o in orgs if o.kind == "school"]
        started = time.perf_counter()
        loaded = load(db.engine, Season(items, schools, definitions, users))
        if kind == "postgresql":
            db.session.execute(text("ANALYZE"))
            db.session.commit()
        log(
            f"  loaded {loaded[1]} work items in {loaded[0]} cases in {time.perf_counter() - started:.1f} s"
        )
    return app, users, loaded


def _actors(app, users: dict) -> dict:
    """The biggest school's staff, the biggest city's official, a provincial official."""
    from webapp.extensions import db
    from webapp.models import WorkItem

    with app.app_context():
        school, city = db.session.execute(
            select(WorkItem.school_id, WorkItem.city_id)
            .where(WorkItem.status == "open", WorkItem.role == "school_staff")
            .group_by(WorkItem.school_id, WorkItem.city_id)
            .order_by(func.count().desc())
            .limit(1)
        ).one()
    return {
        "school": (users[("school", school)], {"process": "internship_approval", "overdue": True}),
        "city": (users[("city", city)], {"school_id": school, "overdue": True}),
        "province": (
            users[("province", None)],
            {"city_id": city, "process": "school_report", "overdue": True},
        ),
    }


def _call(app, user_id: int, query: str, filters: dict):
    from webapp.extensions import db
    from webapp.models import User, WorkItem
    from webapp.models.inbox import InboxFilter, inbox, inbox_count

    with app.app_context():
        user = db.session.get(User, user_id)
        _ = user.org  # the token check loads the user; we time the inbox
        start = time.perf_counter()
        if query == "first page":
            result = inbox(user, InboxFilter(), NOW).total
        elif query == "filtered page":
            result = inbox(user, InboxFilter(**filters), NOW).total
        elif query == "count":
            result = inbox_count(user, InboxFilter(), NOW)[0]
        else:  # baseline: one row by primary key
            result = db.session.get(WorkItem, filters["id"]).id
        return time.perf_counter() - start, result


def _statements(app, user_id: int, query: str, filters: dict) -> list:
    from webapp.extensions import db

    seen: list = []
    with app.app_context():
        engine = db.engine

        def capture(conn, cursor, statement, parameters, context, executemany):
            seen.append((statement, parameters))

        event.listen(engine, "before_cursor_execute", capture)
        try:
            _call(app, user_id, query, filters)
        finally:
            event.remove(engine, "before_cursor_execute", capture)
    return [s for s in seen if "work_item" in s[0]]


def explain(app, user_id: int, query: str, filters: dict) -> list[dict]:
    """EXPLAIN (ANALYZE, BUFFERS) on PostgreSQL, EXPLAIN QUERY PLAN on SQLite."""
    from webapp.extensions import db

    plans = []
    for statement, parameters in _statements(app, user_id, query, filters):
        with app.app_context():
            raw = db.engine.raw_connection()
            try:
                cursor = raw.cursor()
                if db.engine.dialect.name == "postgresql":
                    cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + statement, parameters)
                    plan = [row[0] for row in cursor.fetchall()]
                else:
                    cursor.execute("EXPLAIN QUERY PLAN " + statement, parameters)
                    plan = [" ".join(str(c) for c in row) for row in cursor.fetchall()]
            finally:
                raw.rollback()
                raw.close()
        plans.append({"sql": " ".join(statement.split()), "plan": plan})
    return plans


def _latencies(app, actors: dict, reps: int) -> tuple[dict, dict, dict]:
    """p-stats per query, the counts each query returned, and the primary-key baseline."""
    queries = ["first page", "filtered page", "count"]
    samples: dict[str, list[float]] = {}
    sizes: dict[str, int] = {}
    cases = [(a, q) for a in actors for q in queries]
    for a, q in cases:  # warm the caches and the connection pool once
        sizes[f"{a}: {q}"] = _call(app, actors[a][0], q, actors[a][1])[1]
    baseline = []
    for _ in range(reps):
        for a, q in cases:
            seconds, _ = _call(app, actors[a][0], q, actors[a][1])
            samples.setdefault(f"{a}: {q}", []).append(ms(seconds))
        baseline.append(ms(_call(app, actors["school"][0], "pk", {"id": 4242})[0]))
    return {name: summary(values) for name, values in samples.items()}, sizes, summary(baseline)


def _grow(app, users: dict, loaded: tuple[int, int], items: int) -> tuple[int, int]:
    """Add work items (a later part of the season) until `items` exist in all."""
    from webapp.extensions import db
    from webapp.models import Organisation
    from webapp.services.deploy import latest_definition

    with app.app_context():
        orgs = db.session.scalars(select(Organisation).order_by(Organisation.id)).all()
        keys = ("school_report", "student_registration", "internship_approval")
        definitions = {key: latest_definition(key).id for key in keys}
        schools = [(o.id, o.parent_id, o.name) for o in orgs if o.kind == "school"]
        more = load(
            db.engine,
            Season(items - loaded[1], schools, definitions, users, seed=7, after=loaded),
        )
        if db.engine.dialect.name == "postgresql":
            db.session.execute(text("ANALYZE"))
            db.session.commit()
    return loaded[0] + more[0], loaded[1] + more[1]


def _measure_kind(kind: str, quick: bool, workdir: Path) -> dict:
    """The queries at a tenth of the season, then again once it is all loaded."""
    items, reps = (100_000, 15) if quick else (1_000_000, 40)
    app, users, smaller = _setup(kind, workdir, items // 10)
    actors = _actors(app, users)
    small_stats, _sizes, _base = _latencies(app, actors, reps)
    loaded = _grow(app, users, smaller, items)
    log(f"  grown to {loaded[1]} work items in {loaded[0]} cases")
    stats, sizes, base = _latencies(app, actors, reps)
    goal = GOAL_P95_MS[kind]
    figures = {
        f"{kind} {name} p95 ms": figure(
            s["p95"],
            "ms",
            goal,
            baseline=base["p95"],
            baseline_name="work item by primary key (p95)",
        )
        for name, s in stats.items()
    }
    for name, s in stats.items():
        figures[f"{kind} {name}: p95 at full size vs a tenth"] = figure(
            s["p95"] / small_stats[name]["p95"], "x", GOAL_GROWTH
        )
    misses = {
        name: explain(
            app, actors[name.split(":")[0]][0], name.split(": ")[1], actors[name.split(":")[0]][1]
        )
        for name, s in stats.items()
        if s["p95"] > goal
    }
    from webapp.extensions import db

    with app.app_context():
        db.engine.dispose()
    return {
        "loaded": {"instances": loaded[0], "work_items": loaded[1]},
        "tenth": {"instances": smaller[0], "work_items": smaller[1], "latency_ms": small_stats},
        "result_sizes": sizes,
        "latency_ms": stats,
        "baseline_ms": base,
        "figures": figures,
        "explain": misses,
    }


def measure(quick: bool, force_profile: bool) -> dict:
    kinds = ["sqlite"] + (["postgresql"] if postgres_version() else [])
    results, figures = {}, {}
    with tempfile.TemporaryDirectory(prefix="bench-inbox-") as tmp:
        for kind in kinds:
            log(f"inbox on {kind}")
            workdir = Path(tmp) / kind
            workdir.mkdir()
            results[kind] = _measure_kind(kind, quick, workdir)
            figures.update(results[kind].pop("figures"))
    return {"figures": figures, "runs": results}


if __name__ == "__main__":
    run_module("inbox", __doc__.splitlines()[0], measure)
