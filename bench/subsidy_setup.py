"""The subsidy workload's database: province, catalogue, workflows, one 国家助学金 round with a
running case per school (inserted directly, not through `rounds.open_round`), and the recipient
rows (COPY on PostgreSQL, executemany on SQLite)."""

from __future__ import annotations

import csv
import time
from decimal import Decimal
from pathlib import Path

from sqlalchemy import insert, select

from bench.common import ROOT, log
from bench.fixtures import (
    START,
    database_url,
    deploy_workflows,
    load_province,
    make_app,
    school_plan,
)
from bench.subsidy_data import RECIPIENT_COLUMNS, Plan, recipients

CATALOGUE = ROOT / "webapp" / "majors" / "data" / "catalogue-2021.csv"


def majors() -> list[tuple[str, bool]]:
    with CATALOGUE.open(encoding="utf-8") as file:
        return [(row["专业代码"], row["涉农"] == "是") for row in csv.DictReader(file)]


def round_and_cases(clock) -> tuple[int, list[int], list[int]]:
    """The round and one running case per school, inserted directly."""
    from webapp.extensions import db
    from webapp.models import Organisation, ProcessInstance
    from webapp.processes.subsidy_verification.models import SubsidyRound
    from webapp.services.deploy import latest_definition

    round_ = SubsidyRound(term="2026秋", subsidy_type="国家助学金", opened_at=clock.now())
    db.session.add(round_)
    db.session.flush()
    definition = latest_definition("subsidy_verification").id
    codes = [code for code, _, _ in school_plan()]
    orgs = {o.code: o for o in db.session.scalars(select(Organisation))}
    data = {"round_id": round_.id, "term": "2026秋", "subsidy_type": "国家助学金"}
    now = clock.now()
    rows = [
        {"definition_id": definition, "process_key": "subsidy_verification",
         "title": f"2026秋季学期国家助学金核查－{orgs[c].name}", "school_id": orgs[c].id,
         "city_id": orgs[c].parent_id, "status": "running", "state": "", "data": data,
         "lock_version": 1, "created_at": now, "updated_at": now}
        for c in codes
    ]  # fmt: skip
    ids = db.session.scalars(
        insert(ProcessInstance).returning(ProcessInstance.id, sort_by_parameter_order=True), rows
    ).all()
    db.session.commit()
    return round_.id, list(ids), [orgs[c].id for c in codes]


def load_recipients(engine, rows) -> int:
    raw = engine.raw_connection()
    count = 0
    try:
        cursor = raw.cursor()
        names = ", ".join(RECIPIENT_COLUMNS)
        if engine.dialect.name == "postgresql":
            with cursor.copy(f"COPY subsidy_recipient ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
                    count += 1
        else:
            marks = ", ".join("?" for _ in RECIPIENT_COLUMNS)
            sql = f"INSERT INTO subsidy_recipient ({names}) VALUES ({marks})"  # noqa: S608
            batch = []
            for row in rows:
                batch.append(tuple(str(v) if isinstance(v, Decimal) else v for v in row))
                if len(batch) >= 20000:
                    cursor.executemany(sql, batch)
                    count += len(batch)
                    batch.clear()
            cursor.executemany(sql, batch)
            count += len(batch)
        raw.commit()
    finally:
        raw.close()
    return count


def setup(kind: str, workdir: Path, plan: Plan):
    from webapp.clock import ManualClock
    from webapp.extensions import db
    from webapp.majors.demo import load_catalogue

    clock = ManualClock(START)
    url = database_url(kind, "bench_subsidy", workdir)
    app = make_app(url, workdir, clock)
    with app.app_context():
        load_province()
        db.session.commit()
        load_catalogue(clock)
        deploy_workflows(app, clock)
        db.session.commit()
        round_id, instances, school_ids = round_and_cases(clock)
        started = time.perf_counter()
        loaded = load_recipients(db.engine, recipients(plan, round_id, instances, school_ids))
        log(f"  {kind}: {loaded:,} recipient rows in {time.perf_counter() - started:.1f} s")
    return app, url, loaded
