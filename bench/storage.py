"""Workload 6: bytes per completed internship case (20 students, 8 of them minors) on PostgreSQL.

The case is played from start to its closing visit through the services (guardians answer by
link, the city approves, 20 agreements and the decision are issued). Each table's rows for the
case are measured column by column with pg_column_size (the stored size: compressed or TOASTed
values count as stored) plus 28 bytes of tuple header and line pointer per row; the raw
(uncompressed) size is reported beside it. Indexes are not counted. PDF files live outside the
database and are reported on their own.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from sqlalchemy import text

from bench import internship
from bench.common import figure, log, postgres_version, run_module
from bench.fixtures import START, add_user, database_url, deploy_workflows, load_province, make_app

GOAL_BYTES = 32 * 1024
ROW_OVERHEAD = 28  # heap tuple header (24, aligned) + line pointer (4)
# (part, table, condition on the case's id); the instance row is split: state vs. the rest.
PARTS = [
    ("engine state (process_instance.state)", "process_instance", "id = :i", ["state"]),
    ("instance row without state", "process_instance", "id = :i", None),
    ("work items", "work_item", "instance_id = :i", None),
    ("history events", "event", "instance_id = :i", None),
    ("history chain head", "event_chain_head", "chain = 'instance:' || :i", None),
    ("deadlines", "deadline", "instance_id = :i", None),
    ("documents rows", "issued_document", "instance_id = :i", None),
    ("consent requests", "consent_request", "instance_id = :i", None),
    ("notifications", "notification", "instance_id = :i", None),
    ("attachments rows", "attachment", "instance_id = :i", None),
]


def _columns(table: str, only: list[str] | None, exclude: list[str]) -> list[str]:
    from webapp.extensions import db

    names = [c.name for c in db.metadata.tables[table].columns]
    return [c for c in names if (only is None or c in only) and c not in exclude]


def _measure_part(table: str, where: str, only: list[str] | None, instance_id: int) -> dict:
    from webapp.extensions import db

    exclude = ["state"] if table == "process_instance" and only is None else []
    columns = _columns(table, only, exclude)
    stored = " + ".join(f'coalesce(sum(pg_column_size("{c}")), 0)' for c in columns)
    raw = " + ".join(f'coalesce(sum(octet_length("{c}"::text)), 0)' for c in columns)
    sql = f'SELECT count(*), {stored}, {raw} FROM "{table}" WHERE {where}'  # noqa: S608
    rows, stored_bytes, raw_bytes = db.session.execute(text(sql), {"i": instance_id}).one()
    overhead = 0 if only else rows * ROW_OVERHEAD  # the state shares the instance row's header
    return {"rows": rows, "bytes": int(stored_bytes) + overhead, "raw_bytes": int(raw_bytes)}


def _largest_events(instance_id: int) -> list[dict]:
    from webapp.extensions import db

    rows = db.session.execute(
        text(
            "SELECT action, count(*), sum(pg_column_size(e.*)) FROM event e "
            "WHERE instance_id = :i GROUP BY action ORDER BY 3 DESC LIMIT 8"
        ),
        {"i": instance_id},
    ).all()
    return [{"action": a, "rows": n, "bytes": int(b)} for a, n, b in rows]


def measure(quick: bool, force_profile: bool) -> dict:
    if not postgres_version():
        return {"skipped": "PostgreSQL is not reachable", "figures": {}}
    from webapp.clock import ManualClock
    from webapp.extensions import db
    from webapp.models import IssuedDocument, Organisation

    with tempfile.TemporaryDirectory(prefix="bench-storage-") as tmp:
        workdir = Path(tmp)
        clock = ManualClock(START)
        app = make_app(database_url("postgresql", "bench_storage", workdir), workdir, clock)
        with app.app_context():
            school = db.session.get(Organisation, load_province()["21010001"])
            school_user = add_user("school1", "school_staff", school.id)
            city_user = add_user("city1", "city_official", school.parent_id)
            db.session.commit()
            deploy_workflows(app, clock)
            db.session.commit()
            log("storage: playing one 20-student case to its end (issues 29 PDFs)")
            instance_id = internship.play_to_end(app, clock, school_user, city_user)
            parts = {label: _measure_part(t, w, o, instance_id) for label, t, w, o in PARTS}
            documents = db.session.query(IssuedDocument).filter_by(instance_id=instance_id).all()
            pdf = {"files": len(documents), "bytes": sum(d.size for d in documents)}
            events = _largest_events(instance_id)
            db.engine.dispose()
    total = sum(p["bytes"] for p in parts.values())
    raw_total = sum(p["raw_bytes"] for p in parts.values())
    return {
        "case": "internship_approval, 20 students (8 minors, guardians agreed), closed",
        "figures": {
            "bytes_per_case": figure(total, "B", GOAL_BYTES),
            "raw_bytes_per_case": figure(raw_total, "B"),
            "pdf_bytes_per_case": figure(pdf["bytes"], "B", files=pdf["files"]),
        },
        "split": parts,
        "largest_event_kinds": events,
        "pdf": pdf,
    }


if __name__ == "__main__":
    run_module("storage", __doc__.splitlines()[0], measure)
