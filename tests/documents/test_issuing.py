"""issue(): code and QR printed in the PDF, file stored outside the web root, row, audit event."""

from __future__ import annotations

import hashlib
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from tests.documents import samples
from tests.documents.conftest import TEMPLATES, needs_poppler, pdf_info, pdf_text
from webapp import audit
from webapp.documents import (
    StoredDocumentDamaged,
    issue,
    open_document,
    revoke,
    verification_url,
)
from webapp.errors import Conflict
from webapp.extensions import db
from webapp.models import Event, IssuedDocument

pytestmark = needs_poppler
BASE_URL = "https://zz.example.edu.cn/"


def _issue_decision(app, clock, case, **overrides) -> IssuedDocument:
    arguments = {
        "instance_id": case["instance_id"],
        "school_id": case["school_id"],
        "issuer": "沈阳市教育局",
        "subject": "沈阳市装备制造工程学校 2026年春季岗位实习备案",
        "clock": clock,
        "upload_dir": app.config["UPLOAD_DIR"],
        "base_url": BASE_URL,
        "doc_number": "沈教职成备〔2026〕12号",
        **overrides,
    }
    context = samples.decision()
    return issue(
        "approval_decision", context["title"], TEMPLATES["approval_decision"], context, **arguments
    )


def test_issue_stores_the_pdf_and_records_it(app, case, clock):
    clock.advance(timedelta(days=13))  # 2026-03-15 09:00 in Shenyang
    with app.app_context():
        document = _issue_decision(app, clock, case)
        db.session.commit()
        stored = Path(app.config["UPLOAD_DIR"]) / "documents" / document.storage_name
        body = stored.read_bytes()
        assert document.id is not None and document.kind == "approval_decision"
        assert document.sha256 == hashlib.sha256(body).hexdigest() and document.size == len(body)
        assert document.issued_at == clock.now() and document.revoked_at is None
        assert open_document(document, app.config["UPLOAD_DIR"]) == body
        text = pdf_text(body)
        assert document.verification_code in text
        assert f"zz.example.edu.cn/verify/{document.verification_code}" in text
        assert "扫码或访问" in text and "核验真伪" in text
        assert "2026年3月15日" in text and "沈教职成备〔2026〕12号" in text
        assert "2026" in pdf_info(body)["CreationDate"]  # from the Clock, not the machine
        event = db.session.scalar(select(Event).where(Event.action == "document_issued"))
        assert event.instance_id == case["instance_id"]
        assert event.after["code"] == document.verification_code
        assert audit.verify() == []


def test_each_document_gets_its_own_code_and_file(app, case, clock):
    with app.app_context():
        first = _issue_decision(app, clock, case)
        second = _issue_decision(app, clock, case)
        assert first.verification_code != second.verification_code
        assert first.storage_name != second.storage_name


def test_the_issue_date_is_the_local_date(app, case, clock):
    clock.set(clock.now().replace(month=3, day=14, hour=17))  # 2026-03-15 01:00 in Shenyang
    with app.app_context():
        text = pdf_text(open_document(_issue_decision(app, clock, case), app.config["UPLOAD_DIR"]))
    assert "2026年3月15日" in text


def test_public_fields_may_not_carry_id_or_phone_numbers(app, case, clock):
    with app.app_context():
        for field in ("subject", "doc_number"):
            with pytest.raises(ValueError, match=field):
                _issue_decision(app, clock, case, **{field: f"学生 {samples.STUDENT_ID} 的文件"})
        with pytest.raises(ValueError, match="subject"):
            _issue_decision(app, clock, case, subject="联系 13800000000")
        assert db.session.scalar(select(IssuedDocument)) is None
        # An all-digit 统一社会信用代码 is not an ID number.
        assert _issue_decision(app, clock, case, subject="单位 912101001234567891 实习备案").id


def test_issuing_needs_the_site_s_full_address(app, case, clock):
    with app.app_context(), pytest.raises(ValueError, match="BASE_URL"):
        _issue_decision(app, clock, case, base_url="")
    assert verification_url("https://a.example/", "7KQ2M9XRTB4H") == (
        "https://a.example/verify/7KQ2M9XRTB4H"
    )


def test_a_changed_file_is_refused(app, case, clock):
    with app.app_context():
        document = _issue_decision(app, clock, case)
        path = Path(app.config["UPLOAD_DIR"]) / "documents" / document.storage_name
        path.write_bytes(path.read_bytes() + b"%")
        with pytest.raises(StoredDocumentDamaged):
            open_document(document, app.config["UPLOAD_DIR"])
        path.unlink()
        with pytest.raises(StoredDocumentDamaged):
            open_document(document, app.config["UPLOAD_DIR"])


def test_revoking_marks_the_document_once(app, case, clock):
    with app.app_context():
        document = _issue_decision(app, clock, case)
        clock.advance(timedelta(days=1))
        revoke(document, clock, reason="信息有误，重新出具")
        assert document.revoked_at == clock.now()
        with pytest.raises(Conflict):
            revoke(document, clock)
        actions = db.session.scalars(select(Event.action).order_by(Event.id)).all()
        assert actions[-2:] == ["document_issued", "document_revoked"]
