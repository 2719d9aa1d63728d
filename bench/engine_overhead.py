"""Workload 1: one user task through our service path vs. the same step in raw SpiffWorkflow.

The step is the school leader's approval of a 20-student internship case (8 minors whose
guardians agreed), which makes the engine pass a gateway and open the city's review. Each
repetition times, interleaved so machine noise hits all three alike:

- raw: SpiffWorkflow's BpmnWorkflow in memory, `task.run()` + `do_engine_steps()` (baseline);
- adapter: our engine adapter in memory, `restore` + `Run.complete_task` + `dump`, no database;
- service: `services.tasks.complete` + commit on a cloned case (load, validate, restore, run,
  save, inbox and deadline sync, notifications, history event, commit), SQLite and PostgreSQL.

A separate pass wraps the service's parts with timers for the breakdown, and one more runs
under pyinstrument for the profile.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

from bench import filler, internship
from bench.common import figure, log, ms, postgres_version, run_module, summary
from bench.fixtures import START, add_user, database_url, deploy_workflows, load_province, make_app
from bench.profiling import profile
from bench.raw_engine import RawInternship
from bench.spans import STEP_SPANS, Spans

GOAL_CROWDED = 1.2  # workload 7: with 100,000 other cases, within 1.2x of the step alone
GOAL_RATIO = {"sqlite": 3.0, "postgresql": 4.0}  # issue 15 (stretch: 2x)


def _setup(kind: str, workdir: Path, copies: int):
    from webapp.clock import ManualClock
    from webapp.extensions import db
    from webapp.models import Organisation

    clock = ManualClock(START)
    app = make_app(database_url(kind, "bench_engine", workdir), workdir / kind, clock)
    with app.app_context():
        orgs = load_province()
        school = db.session.get(Organisation, orgs["21010001"])
        user = add_user("school1", "school_staff", school.id)
        db.session.commit()
        deploy_workflows(app, clock)
        db.session.commit()
        source = internship.start_and_submit(app, clock, user)
        items = internship.clone(source, [school], copies)
        return app, clock, user.id, source, items


def _service_step(app, clock, user_id: int, item_id: int) -> float:
    from webapp.extensions import db
    from webapp.models import User
    from webapp.services import tasks

    with app.app_context():
        user = db.session.get(User, user_id)  # what the bearer token gives the view
        start = time.perf_counter()
        tasks.complete(item_id, user, dict(internship.LEADER), clock, app.config["FORMS_DIR"])
        db.session.commit()
        return time.perf_counter() - start


class Adapter:
    """Our engine adapter alone, in memory: restore, complete the leader's task, dump."""

    def __init__(self, app, clock, source: int) -> None:
        from webapp.extensions import db
        from webapp.models import ProcessInstance
        from webapp.services import runs

        with app.app_context():
            instance = db.session.get(ProcessInstance, source)
            self.spec_json, self.state = instance.definition.spec_json, instance.state
            self.task_id = internship.open_item(source, "leader_approval").task_id
            self.functions = runs.step_functions()
        self.clock = clock

    def time_step(self) -> dict[str, float]:
        from webapp import engine

        t0 = time.perf_counter()
        run = engine.restore(self.spec_json, self.state, self.clock, functions=self.functions)
        t1 = time.perf_counter()
        run.complete_task(self.task_id, dict(internship.LEADER))
        t2 = time.perf_counter()
        run.dump()
        t3 = time.perf_counter()
        return {"restore": t1 - t0, "complete_task": t2 - t1, "dump": t3 - t2, "total": t3 - t0}


def _measure_kind(
    kind: str, raw: RawInternship, reps: int, warmup: int, workdir: Path, others: int
) -> dict:
    log(f"engine overhead on {kind}: preparing {warmup * 2 + reps * 3} cloned cases")
    app, clock, user_id, source, items = _setup(kind, workdir, warmup * 2 + reps * 3 + 30)
    with app.app_context():
        from webapp.services import process_hooks

        start_data = process_hooks.start_data(internship.KEY, {}, None)
    blob = raw.to_leader_approval(start_data, internship.application_data())
    adapter = Adapter(app, clock, source)
    queue = iter(items)
    for _ in range(warmup):
        raw.time_step(blob, internship.LEADER)
        adapter.time_step()
        _service_step(app, clock, user_id, next(queue))
    samples: dict[str, list[float]] = {"raw": [], "adapter": [], "service": []}
    parts: dict[str, list[float]] = {"restore": [], "complete_task": [], "dump": []}
    for _ in range(reps):
        samples["raw"].append(raw.time_step(blob, internship.LEADER))
        timing = adapter.time_step()
        samples["adapter"].append(timing["total"])
        for name in parts:
            parts[name].append(timing[name])
        samples["service"].append(_service_step(app, clock, user_id, next(queue)))
    breakdown = _breakdown(app, clock, user_id, queue, reps)
    log(f"  {kind}: service median {ms(statistics.median(samples['service'])):.2f} ms")
    crowded = _among_others(app, clock, user_id, queue, reps, warmup, others)
    return {
        "app": app,
        "clock": clock,
        "user_id": user_id,
        "queue": queue,
        "samples_ms": {k: summary([ms(v) for v in vs]) for k, vs in samples.items()},
        "adapter_parts_ms": {k: statistics.median(ms(v) for v in vs) for k, vs in parts.items()},
        "breakdown_ms": breakdown,
        "crowded": crowded,
    }


def _among_others(app, clock, user_id: int, queue, reps: int, warmup: int, others: int) -> dict:
    """The same step after `others` more cases were added (workload 7): statements that grow
    with the tables show here."""
    from sqlalchemy import select

    from webapp.extensions import db
    from webapp.models import Organisation, ProcessInstance

    with app.app_context():
        source = db.session.scalars(select(ProcessInstance).limit(1)).one()
        schools = db.session.scalars(
            select(Organisation).where(Organisation.kind == "school")
        ).all()
        started = time.perf_counter()
        rows = filler.fill(
            others, source.definition_id, source.process_key, schools, user_id, clock.now()
        )
        loaded_s = time.perf_counter() - started
    log(f"  {others} other cases ({rows} rows) added in {loaded_s:.0f} s")
    for _ in range(warmup):
        _service_step(app, clock, user_id, next(queue))
    samples = [_service_step(app, clock, user_id, next(queue)) for _ in range(reps)]
    return {
        "others": others,
        "rows": rows,
        "load_s": loaded_s,
        "service_ms": summary([ms(v) for v in samples]),
    }


def _breakdown(app, clock, user_id: int, queue, reps: int) -> dict[str, float]:
    totals: list[float] = []
    per_span: dict[str, list[float]] = {label: [] for label, _m, _a in STEP_SPANS}
    with Spans(STEP_SPANS) as spans:
        for _ in range(reps):
            spans.take()
            totals.append(_service_step(app, clock, user_id, next(queue)))
            for label, seconds in spans.take().items():
                per_span[label].append(seconds)
    result = {label: round(ms(statistics.median(v)), 3) for label, v in per_span.items()}
    others = [t - sum(per_span[label][i] for label in per_span) for i, t in enumerate(totals)]
    result["other (session, lazy loads, commit, ...)"] = round(ms(statistics.median(others)), 3)
    result["total (with timers)"] = round(ms(statistics.median(totals)), 3)
    return result


def measure(quick: bool, force_profile: bool) -> dict:
    reps, warmup = (20, 3) if quick else (120, 10)
    others = 10_000 if quick else 100_000
    kinds = ["sqlite"] + (["postgresql"] if postgres_version() else [])
    raw = RawInternship()
    results, figures = {}, {}
    with tempfile.TemporaryDirectory(prefix="bench-engine-") as tmp:
        for kind in kinds:
            results[kind] = _measure_kind(kind, raw, reps, warmup, Path(tmp), others)
        raw_ms = statistics.median(
            [results[k]["samples_ms"]["raw"]["median"] for k in kinds]
        )  # one baseline per kind's loop; their median
        adapter_ms = statistics.median(
            [results[k]["samples_ms"]["adapter"]["median"] for k in kinds]
        )
        figures["raw_step_ms"] = figure(raw_ms, "ms")
        figures["adapter_roundtrip_ms"] = figure(
            adapter_ms, "ms", baseline=raw_ms, baseline_name="raw SpiffWorkflow step"
        )
        for kind in kinds:
            service = results[kind]["samples_ms"]["service"]["median"]
            kind_raw = results[kind]["samples_ms"]["raw"]["median"]
            figures[f"service_step_ms_{kind}"] = figure(
                service, "ms", baseline=kind_raw, baseline_name="raw SpiffWorkflow step"
            )
            figures[f"service_vs_raw_{kind}"] = figure(
                service / kind_raw, "x raw", goal=GOAL_RATIO[kind], op="<="
            )
            crowded = results[kind]["crowded"]["service_ms"]["median"]
            figures[f"step_among_others_ms_{kind}"] = figure(
                crowded, "ms", baseline=service, baseline_name="the same step, no other cases"
            )
            figures[f"step_among_others_vs_alone_{kind}"] = figure(
                crowded / service, "x", goal=GOAL_CROWDED, op="<="
            )
        main = results[kinds[-1]]
        profiled = profile(
            lambda: [
                _service_step(main["app"], main["clock"], main["user_id"], next(main["queue"]))
                for _ in range(30)
            ],
            f"30 leader approvals through services.tasks.complete on {kinds[-1]}",
        )
        for kind in kinds:
            with results[kind]["app"].app_context():
                from webapp.extensions import db

                db.engine.dispose()
    return {
        "step": "leader_approval of a 20-student internship case (8 guardian consents answered)",
        "repetitions": reps,
        "figures": figures,
        "samples_ms": {k: results[k]["samples_ms"] for k in kinds},
        "adapter_parts_ms": {k: results[k]["adapter_parts_ms"] for k in kinds},
        "breakdown_ms": {k: results[k]["breakdown_ms"] for k in kinds},
        "among_others": {k: {key: v for key, v in results[k]["crowded"].items()} for k in kinds},
        "profiles": [profiled],
    }


if __name__ == "__main__":
    run_module("engine_overhead", __doc__.splitlines()[0], measure)
