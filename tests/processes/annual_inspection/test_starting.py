"""Who starts a 办学资质年检: only the province's round (one case per school, with its year and
deadlines); a school's 新建申请 neither offers it nor accepts it, on the page or through the API."""

from __future__ import annotations

from sqlalchemy import func, select

from webapp.extensions import db
from webapp.models import ProcessInstance

REFUSAL = "办学资质年检由省教育厅按年度统一开启"


def _cases(app) -> int:
    with app.app_context():
        return db.session.scalar(
            select(func.count())
            .select_from(ProcessInstance)
            .where(ProcessInstance.process_key == "annual_inspection")
        )


def test_new_request_does_not_offer_the_inspection(deployed, login_as):
    page = login_as("school").get("/processes").get_data(as_text=True)
    assert "新生学籍注册" in page  # a process a school does start is offered
    assert "办学资质年检" not in page and "/processes/annual_inspection/start" not in page


def test_a_school_posting_the_start_page_is_refused_with_the_reason(deployed, login_as):
    school = login_as("school")
    answer = school.post("/processes/annual_inspection/start", follow_redirects=True)
    assert answer.status_code == 200
    assert REFUSAL in answer.get_data(as_text=True)
    assert _cases(deployed) == 0


def test_the_api_refuses_a_start_with_the_reason(deployed, api):
    for user in ("school", "province"):
        answer = api(user).post("/api/v1/processes/annual_inspection/instances", json={})
        assert answer.status_code == 422, user
        assert REFUSAL in answer.get_json()["message"]
    assert _cases(deployed) == 0
