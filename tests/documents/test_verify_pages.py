"""/verify/<code> for anyone (public facts only) and /documents/<id>.pdf for users in scope."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.documents import samples
from tests.documents.conftest import TEMPLATES, needs_poppler
from webapp.documents import issue, revoke
from webapp.extensions import db
from webapp.models import IssuedDocument

pytestmark = needs_poppler


def _issue_agreement(app, clock, case, instance: bool = True) -> dict:
    """A minor's 三方协议 (the student's name and ID number are inside the PDF only)."""
    with app.app_context():
        document = issue(
            "tripartite_agreement",
            "学生岗位实习三方协议",
            TEMPLATES["tripartite_agreement"],
            samples.agreement(minor=True),
            instance_id=case["instance_id"] if instance else None,
            school_id=case["school_id"],
            issuer="沈阳市装备制造工程学校",
            subject="沈阳北方精密机械有限公司 2026年3月16日至7月15日岗位实习",
            clock=clock,
            upload_dir=app.config["UPLOAD_DIR"],
            base_url="https://zz.example.edu.cn",
            doc_number="实习协议〔2026〕7-1",
        )
        db.session.commit()
        return {"id": document.id, "code": document.verification_code}


@pytest.fixture
def agreement(demo, clock, case):
    return _issue_agreement(demo, clock, case)


def test_anyone_can_verify_a_document_without_logging_in(client, agreement):
    response = client.get(f"/verify/{agreement['code']}")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    for expected in (
        "核验通过",
        "学生岗位实习三方协议",
        "沈阳市装备制造工程学校",
        "实习协议〔2026〕7-1",
        "2026年3月2日",
        agreement["code"],
    ):
        assert expected in page, expected
    assert response.headers["X-Robots-Tag"] == "noindex, nofollow"
    assert response.headers["Referrer-Policy"] == "no-referrer"


def test_the_verify_page_shows_nothing_private(client, agreement):
    page = client.get(f"/verify/{agreement['code']}").get_data(as_text=True)
    for private in (samples.STUDENT_ID, "李晓明", "李建国", "13800000000", "13900000000"):
        assert private not in page, private
    assert f"/documents/{agreement['id']}.pdf" not in page


def test_codes_are_matched_whatever_the_case_and_separators(client, agreement):
    code = agreement["code"]
    typed = f"{code[:4].lower()}-{code[4:8]} {code[8:]}"
    assert client.get(f"/verify/{typed}").status_code == 200
    lookup = client.get("/verify", query_string={"code": typed})
    assert lookup.status_code == 302
    assert client.get(lookup.headers["Location"]).status_code == 200


def test_an_unknown_code_is_not_found(client, agreement):
    for code in ("ZZZZZZZZZZZZ", "not-a-code", agreement["code"][:-1]):
        response = client.get(f"/verify/{code}")
        assert response.status_code == 404, code
        assert "未找到该文件" in response.get_data(as_text=True)


def test_the_code_entry_form_is_public(client):
    response = client.get("/verify")
    assert response.status_code == 200 and 'name="code"' in response.get_data(as_text=True)
    typo = client.get("/verify", query_string={"code": "7KQ2/M9XR"})
    assert typo.status_code == 404 and "未找到该文件" in typo.get_data(as_text=True)


def test_a_revoked_document_says_so(demo, client, clock, agreement):
    with demo.app_context():
        clock.advance(timedelta(days=3))
        revoke(db.session.get(IssuedDocument, agreement["id"]), clock)
        db.session.commit()
    response = client.get(f"/verify/{agreement['code']}")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "该文件已作废" in page and "2026年3月5日" in page and "核验通过" not in page


def test_users_who_see_the_case_download_the_pdf(login_as, agreement):
    for username in ("school", "city", "province"):
        response = login_as(username).get(f"/documents/{agreement['id']}.pdf")
        assert response.status_code == 200, username
        assert response.mimetype == "application/pdf"
        assert response.data.startswith(b"%PDF-")
        assert "private" in response.headers["Cache-Control"]


def test_users_outside_the_case_get_not_found(login_as, agreement):
    for username in ("school2", "city2", "expert"):
        response = login_as(username).get(f"/documents/{agreement['id']}.pdf")
        assert response.status_code == 404, username
    assert login_as("school").get("/documents/999999.pdf").status_code == 404


def test_downloading_needs_a_login(client, agreement):
    response = client.get(f"/documents/{agreement['id']}.pdf")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_a_document_without_a_case_is_scoped_by_its_school(demo, clock, case, login_as):
    document = _issue_agreement(demo, clock, case, instance=False)
    url = f"/documents/{document['id']}.pdf"
    assert login_as("school").get(url).status_code == 200
    assert login_as("city").get(url).status_code == 200
    assert login_as("school2").get(url).status_code == 404
    assert login_as("city2").get(url).status_code == 404
