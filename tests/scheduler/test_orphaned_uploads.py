"""Orphaned uploads: files without a row and uploads no case took are removed once a day old, by
the scheduler service (hourly, by the clock) and by `flask uploads sweep`; nothing else goes."""

from __future__ import annotations

import io
import logging
import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import delete, select

from scheduler.housekeeping import Housekeeping
from scheduler.runner import tick
from tests.webapp.test_upload_storage import upload_files
from webapp.extensions import db
from webapp.models import Attachment, ProcessDefinition, ProcessInstance, User
from webapp.services import attachments
from webapp.taskforms import load_form

PDF = b"%PDF-1.4\n%%EOF\n"


def _case(clock) -> int:
    definition = ProcessDefinition(
        key="school_report",
        version=1,
        name="办学情况报送",
        checksum="0" * 64,
        spec_json="{}",
        bpmn_xml="",
        deployed_at=clock.now(),
    )
    db.session.add(definition)
    db.session.flush()
    instance = ProcessInstance(
        definition_id=definition.id,
        process_key="school_report",
        title="2026年春季学期",
        state="{}",
        created_at=clock.now(),
        updated_at=clock.now(),
    )
    db.session.add(instance)
    db.session.flush()
    return instance.id


def _uploads(app, clock) -> dict[str, str]:
    """Storage names of three uploads made now: one a case took, one no case took, and one whose
    row is gone (a crash between file and row)."""
    with app.app_context():
        school = db.session.scalar(select(User).where(User.username == "school"))
        field = load_form(app.config["FORMS_DIR"], "school_report", "submit_report").field(
            "evidence"
        )
        stored = {
            name: attachments.store(
                io.BytesIO(PDF), f"{name}.pdf", field, school, clock, app.config["UPLOAD_DIR"]
            )
            for name in ("linked", "unlinked", "orphan")
        }
        stored["linked"].instance_id = _case(clock)
        names = {name: a.storage_name for name, a in stored.items()}
        db.session.execute(delete(Attachment).where(Attachment.id == stored["orphan"].id))
        db.session.commit()
        return names


def _others(app, clock) -> list[Path]:
    """Files under UPLOAD_DIR that are not uploads, all long past a day old."""
    root = Path(app.config["UPLOAD_DIR"])
    paths = [
        root / "documents" / f"{'d' * 32}.pdf",
        root / "notes.txt",
        root / "ab" / "not-a-storage-name",
        root / "ab" / ("cd" + "0" * 30),  # in the wrong folder
    ]
    old = (clock.now() - timedelta(days=30)).timestamp()
    for path in paths:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(PDF)
        os.utime(path, (old, old))
    return paths


def _left(app) -> set[str]:
    with app.app_context():
        rows = set(db.session.scalars(select(Attachment.storage_name)))
    files = {path.name for path in upload_files(app)}
    return rows | files


def test_the_scheduler_removes_day_old_orphans_at_most_hourly(demo, clock, caplog):
    caplog.set_level(logging.INFO)
    names = _uploads(demo, clock)
    others = _others(demo, clock)
    kept = {path.name for path in others if "documents" not in path.parts}
    housekeeping = Housekeeping()
    tick(demo, clock, housekeeping)  # runs at once, but nothing is a day old yet
    clock.advance(timedelta(hours=23, minutes=59))
    tick(demo, clock, housekeeping)
    assert _left(demo) == set(names.values()) | kept

    clock.advance(timedelta(minutes=2))  # a day old now, but housekeeping ran 2 minutes ago
    tick(demo, clock, housekeeping)
    assert _left(demo) == set(names.values()) | kept

    clock.advance(timedelta(hours=1))
    tick(demo, clock, housekeeping)
    assert _left(demo) == {names["linked"]} | kept
    assert all(path.exists() for path in others)
    removed = "\n".join(r.getMessage() for r in caplog.records)
    assert names["orphan"] in removed and "unlinked.pdf" in removed
    assert names["linked"] not in removed and "(linked.pdf" not in removed


def test_flask_uploads_sweep_removes_them_too(demo, clock):
    names = _uploads(demo, clock)
    runner = demo.test_cli_runner()
    fresh = runner.invoke(args=["uploads", "sweep"])
    assert fresh.exit_code == 0 and "孤立文件 0 个" in fresh.output
    clock.advance(timedelta(days=1, seconds=1))
    result = runner.invoke(args=["uploads", "sweep"])
    assert result.exit_code == 0, result.output
    assert "已删除孤立文件 1 个，未关联到案件的上传 1 个" in result.output
    assert _left(demo) == {names["linked"]}


def test_an_upload_linked_while_the_sweep_runs_is_kept(demo, clock):
    """The DELETE re-checks that the upload is unlinked, so a task linking it just then wins."""
    names = _uploads(demo, clock)
    clock.advance(timedelta(days=2))
    with demo.app_context():
        upload = db.session.scalar(
            select(Attachment).where(Attachment.storage_name == names["unlinked"])
        )
        case = db.session.scalar(select(ProcessInstance.id))
        db.session.execute(
            Attachment.__table__.update().where(Attachment.id == upload.id).values(instance_id=case)
        )
        assert not attachments.discard_unlinked(upload, demo.config["UPLOAD_DIR"])
        db.session.commit()
    assert names["unlinked"] in _left(demo)


def test_housekeeping_is_due_hourly_and_again_when_the_clock_is_set_back():
    housekeeping = Housekeeping()
    start = datetime(2026, 3, 2, 1, 0, tzinfo=UTC)
    assert housekeeping.due(start)
    housekeeping.last_run = start
    assert not housekeeping.due(start + timedelta(minutes=59))
    assert housekeeping.due(start + timedelta(hours=1))
    assert housekeeping.due(start - timedelta(minutes=1))
