"""Workload 2: task completions over HTTP — gunicorn, 2 workers, loopback, 8 keep-alive clients.

Cases are prepared first (one 20-student internship played through the services to the school
leader's approval, then cloned over 8 schools); only `POST /api/v1/tasks/{id}/complete` is
timed, with bearer tokens from `POST /api/v1/auth/login`, one school user per client. The
baseline is the same stack answering the cheapest authenticated call,
`GET /api/v1/notifications?size=1`, under the same load.
"""

from __future__ import annotations

import json
import math
import statistics
import tempfile
from pathlib import Path

from bench import internship
from bench.common import figure, log, ms, postgres_version, run_module, summary
from bench.fixtures import (
    PASSWORD,
    START,
    add_user,
    database_url,
    deploy_workflows,
    load_province,
    make_app,
)
from bench.server import Gunicorn, run_clients

CLIENTS = 8
GOALS = {"per_second": 300.0, "p95_ms": 50.0, "single_median_ms": 5.0}
BASELINE = ("GET", "/api/v1/notifications?size=1", None)


def _setup(kind: str, workdir: Path):
    from webapp.clock import ManualClock
    from webapp.extensions import db
    from webapp.models import Organisation

    clock = ManualClock(START)
    url = database_url(kind, "bench_http", workdir)
    app = make_app(url, workdir, clock)
    with app.app_context():
        orgs = load_province()
        schools = [db.session.get(Organisation, orgs[f"2101{n:04d}"]) for n in range(1, 9)]
        users = [add_user(f"school{n}", "school_staff", s.id) for n, s in enumerate(schools, 1)]
        db.session.commit()
        deploy_workflows(app, clock)
        db.session.commit()
        source = internship.start_and_submit(app, clock, users[0])
        return app, url, [s.id for s in schools], [u.username for u in users], source


def _items(app, source: int, school_ids: list[int], count: int) -> list[list[int]]:
    """`count` fresh cases waiting for the leader; their items per school (one list per client)."""
    from webapp.extensions import db
    from webapp.models import Organisation

    with app.app_context():
        schools = [db.session.get(Organisation, school_id) for school_id in school_ids]
        ids = internship.clone(source, schools, count)
    return [ids[i :: len(schools)] for i in range(len(schools))]


def _complete(item_id: int) -> tuple[str, str, bytes]:
    body = json.dumps({"data": internship.LEADER}, ensure_ascii=False).encode()
    return ("POST", f"/api/v1/tasks/{item_id}/complete", body)


def _load(server: Gunicorn, tokens: list[str], per_client: list[list], seconds: float) -> dict:
    result = run_clients(server.port, list(zip(tokens, per_client, strict=True)), seconds)
    lat = [ms(s) for s in result.pop("latencies_s")]
    return {**result, "latency_ms": summary(lat)}


def _measure_kind(kind: str, quick: bool, workdir: Path) -> dict:
    seconds, runs, single_n = (3.0, 1, 20) if quick else (12.0, 3, 150)
    app, url, schools, usernames, source = _setup(kind, workdir)
    with Gunicorn(url, workdir) as server:
        tokens = [server.login(name, PASSWORD) for name in usernames]
        warm = _items(app, source, schools, CLIENTS * 4)
        _load(server, tokens, [[_complete(i) for i in ids] for ids in warm], 30.0)
        single_items = _items(app, source, schools[:1], single_n)[0]
        single = _load(server, tokens[:1], [[_complete(i) for i in single_items]], 120.0)
        estimate = 2 / (single["latency_ms"]["median"] / 1000)  # two workers busy all the time
        per_run = max(CLIENTS * 20, math.ceil(estimate * seconds * 1.6))
        loads = []
        for run in range(runs):
            items = _items(app, source, schools, per_run)
            loads.append(
                _load(server, tokens, [[_complete(i) for i in ids] for ids in items], seconds)
            )
            log(
                f"  {kind} run {run + 1}: {loads[-1]['per_second']:.1f} completions/s, "
                f"p95 {loads[-1]['latency_ms']['p95']:.1f} ms, failed {loads[-1]['failed']}"
            )
        floor = [_load(server, tokens, [[BASELINE] * 100000] * CLIENTS, seconds / 2)]
        single_floor = _load(server, tokens[:1], [[BASELINE] * single_n], 60.0)
    completed = _completed_in_db(app)
    return {
        "single": single,
        "single_floor": single_floor,
        "loads": loads,
        "floor": floor,
        "completed_in_db": completed,
        "requests_ok": single["completed"] + sum(x["completed"] for x in loads),
    }


def _completed_in_db(app) -> int:
    from sqlalchemy import func, select

    from webapp.extensions import db
    from webapp.models import WorkItem

    with app.app_context():
        count = db.session.scalar(
            select(func.count())
            .select_from(WorkItem)
            .where(WorkItem.spec_id == "leader_approval", WorkItem.status == "completed")
        )
        db.engine.dispose()
    return count


def _figures(kind: str, r: dict) -> dict:
    per_second = statistics.median(x["per_second"] for x in r["loads"])
    p95 = statistics.median(x["latency_ms"]["p95"] for x in r["loads"])
    floor_rate = r["floor"][0]["per_second"]
    floor_p95 = r["floor"][0]["latency_ms"]["p95"]
    single = r["single"]["latency_ms"]["median"]
    base = "GET /api/v1/notifications?size=1, same load"
    return {
        f"completions_per_s_{kind}": figure(
            per_second,
            "1/s",
            GOALS["per_second"] if kind == "postgresql" else None,
            ">=",
            baseline=floor_rate,
            baseline_name=base,
        ),
        f"p95_ms_{kind}": figure(
            p95,
            "ms",
            GOALS["p95_ms"] if kind == "postgresql" else None,
            baseline=floor_p95,
            baseline_name=base,
        ),
        f"single_client_median_ms_{kind}": figure(
            single,
            "ms",
            GOALS["single_median_ms"],
            baseline=r["single_floor"]["latency_ms"]["median"],
            baseline_name=base + " (1 client)",
        ),
    }


def measure(quick: bool, force_profile: bool) -> dict:
    kinds = ["sqlite"] + (["postgresql"] if postgres_version() else [])
    results, figures = {}, {}
    with tempfile.TemporaryDirectory(prefix="bench-http-") as tmp:
        for kind in kinds:
            log(f"HTTP throughput on {kind}")
            workdir = Path(tmp) / kind
            workdir.mkdir()
            results[kind] = _measure_kind(kind, quick, workdir)
            figures.update(_figures(kind, results[kind]))
    missed = any(f["met"] is False for f in figures.values())
    profiles = [_profile_request_path()] if (missed and not quick) or force_profile else []
    return {
        "clients": CLIENTS,
        "workers": 2,
        "figures": figures,
        "runs": results,
        "profiles": profiles,
    }


def _profile_request_path() -> dict:
    """The same API call in-process (Flask test client, PostgreSQL when available) under
    pyinstrument: where one HTTP completion spends its time, gunicorn aside."""
    from bench.http_profile import profile_completions

    return profile_completions()


if __name__ == "__main__":
    run_module("http_throughput", __doc__.splitlines()[0], measure)
