"""Uploads are written only for a request that may act, and only together with their row: a
refused request leaves nothing under UPLOAD_DIR, a rolled-back one takes its file with it."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

from sqlalchemy import func, select

from tests.processes.internship_approval.helpers import (
    ADULT,
    MINOR_A,
    answer,
    consent_links,
    start_application,
)
from webapp.extensions import db
from webapp.models import Attachment, User
from webapp.processes.annual_inspection.rounds import open_round
from webapp.services import attachments, instances
from webapp.services.auth import create_user
from webapp.taskforms import load_form

PDF = b"%PDF-1.4\n%%EOF\n"


def upload_files(app) -> list[Path]:
    """Uploaded files kept under UPLOAD_DIR (issued documents, in documents/, are not uploads)."""
    root = Path(app.config["UPLOAD_DIR"])
    if not root.exists():
        return []
    return [
        path
        for path in root.rglob("*")
        if path.is_file() and path.relative_to(root).parts[0] != "documents"
    ]


def _attachment_count(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Attachment))


def _paper_reply(client, item_id: int):
    return client.post(
        f"/consents/{item_id}/paper",
        data={"consent": "agree", "consent_scan": (io.BytesIO(PDF), "回执.pdf")},
        content_type="multipart/form-data",
        follow_redirects=True,
    )


def test_a_city_official_s_paper_reply_is_refused_before_the_scan_is_written(
    deployed, api, login_as
):
    _, body = start_application(api, [ADULT, MINOR_A])
    refused = _paper_reply(login_as("city"), body["tasks"][0]["id"])
    assert "只有本校工作人员可以录入纸质回执" in refused.get_data(as_text=True)
    assert upload_files(deployed) == [] and _attachment_count(deployed) == 0


def test_a_paper_reply_to_an_answered_letter_writes_no_file(deployed, api, login_as, client):
    started, body = start_application(api, [ADULT, MINOR_A])
    answer(client, consent_links(deployed, started["id"])["未成年乙"], "agree")
    late = _paper_reply(login_as("school"), body["tasks"][0]["id"])
    assert "只能答复一次" in late.get_data(as_text=True)
    assert upload_files(deployed) == [] and _attachment_count(deployed) == 0


def test_a_recorded_paper_reply_keeps_its_scan(deployed, api, login_as):
    _, body = start_application(api, [ADULT, MINOR_A])
    done = _paper_reply(login_as("school"), body["tasks"][0]["id"])
    assert "已录入纸质回执" in done.get_data(as_text=True)
    assert [path.read_bytes() for path in upload_files(deployed)] == [PDF]


def _self_assessment(app, clock) -> int:
    """A round opened by the province; the open 学校自查 item of 沈阳市装备制造工程学校."""
    with app.app_context():
        province = db.session.scalar(select(User).where(User.username == "province"))
        result = open_round(2026, date(2027, 1, 15), date(2027, 5, 31), province, clock)
        case = next(c for c in result.started if c.school.code == "21010001")
        item_id = instances.open_items(case.instance)[0].id
        create_user("school_b", "Demo@2026", "school_staff", "21010001", clock, "教务处 乙")
        db.session.commit()
        return item_id


def _post_evidence(client, item_id: int):
    return client.post(
        f"/tasks/{item_id}",
        data={"self_assessment_evidence": (io.BytesIO(PDF), "自查报告.pdf")},
        content_type="multipart/form-data",
    )


def test_the_task_page_stores_no_upload_for_someone_who_may_not_act(deployed, login_as, clock):
    item_id = _self_assessment(deployed, clock)
    assert _post_evidence(login_as("city"), item_id).status_code == 409  # sees it, may not act
    school = login_as("school")
    assert school.post(f"/tasks/{item_id}/claim").status_code == 302
    colleague = login_as("school_b")  # same school, but the item is claimed by `school`
    assert _post_evidence(colleague, item_id).status_code == 409
    assert upload_files(deployed) == [] and _attachment_count(deployed) == 0


def _evidence_field(app):
    form = load_form(app.config["FORMS_DIR"], "school_report", "submit_report")
    return form.field("evidence")


def test_a_stored_upload_disappears_when_its_transaction_rolls_back(demo, clock):
    with demo.app_context():
        school = db.session.scalar(select(User).where(User.username == "school"))
        upload_dir = demo.config["UPLOAD_DIR"]
        attachments.store(
            io.BytesIO(PDF), "a.pdf", _evidence_field(demo), school, clock, upload_dir
        )
        assert len(upload_files(demo)) == 1  # written once the row is flushed
        db.session.rollback()
        assert upload_files(demo) == []
        kept = attachments.store(
            io.BytesIO(PDF), "b.pdf", _evidence_field(demo), school, clock, upload_dir
        )
        db.session.commit()
        [path] = upload_files(demo)
        assert path.name == kept.storage_name and path.read_bytes() == PDF
        # stamped with the app's clock, so the orphan sweep compares like with like
        assert path.stat().st_mtime == clock.now().timestamp()
