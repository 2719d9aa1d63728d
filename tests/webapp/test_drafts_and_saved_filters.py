"""Drafts of task forms (saved on demand and by autosave, restored on the next visit, gone when
sent), saved inbox filters per user, and 认领并办理 from the inbox (issue 14)."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from tests.helpers import only_task
from webapp.extensions import db
from webapp.models import FormDraft, SavedFilter


def _csrf(page: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def _application_task(api) -> int:
    school = api("school")
    started = school.post(
        "/api/v1/processes/internship_approval/instances", json={"data": {}}
    ).get_json()
    return started["tasks"][0]["id"]


def _drafts(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(FormDraft.id)))


def test_a_draft_survives_a_reload_and_goes_when_the_form_is_sent(deployed, api, login_as):
    item = _application_task(api)
    school = login_as("school")
    page = school.get(f"/tasks/{item}").get_data(as_text=True)
    assert "保存草稿" in page and "data-autosave" in page
    typed = {
        "csrf_token": _csrf(page),
        "unit_name": "沈阳机床装备有限公司",
        "work_content": "数控车床操作",
        "daily_hours": "8",
        "students-0-name": "张三",
        "students-0-id_number": "21010119990101001X",  # a wrong check digit: a draft keeps it
    }
    saved = school.post(f"/tasks/{item}/draft", data=typed)
    assert saved.status_code == 302
    page = school.get(f"/tasks/{item}").get_data(as_text=True)
    assert "已恢复您" in page and "保存的草稿" in page
    for value in ("沈阳机床装备有限公司", "数控车床操作", "张三", "21010119990101001X"):
        assert value in page, value

    auto = school.post(
        f"/tasks/{item}/draft",
        data={**typed, "unit_name": "沈阳机床（集团）有限公司"},
        headers={"X-Requested-With": "fetch"},
    )
    assert auto.status_code == 200 and "草稿已自动保存" in auto.get_json()["message"]
    assert "沈阳机床（集团）有限公司" in school.get(f"/tasks/{item}").get_data(as_text=True)
    assert _drafts(deployed) == 1  # one draft per user and form, replaced

    sent = school.post(f"/tasks/{item}", data={**typed})
    assert sent.status_code == 422  # the form is incomplete: the draft stays
    assert _drafts(deployed) == 1

    discarded = school.post(
        f"/tasks/{item}/draft/discard", data={"csrf_token": typed["csrf_token"]}
    )
    assert discarded.status_code == 302 and _drafts(deployed) == 0
    assert "已恢复您" not in school.get(f"/tasks/{item}").get_data(as_text=True)


def test_nobody_else_saves_or_reads_a_draft_of_a_task(deployed, api, login_as):
    item = _application_task(api)
    for user, status in (("school2", 404), ("city", 409)):
        client = login_as(user)
        token = _csrf(client.get("/inbox").get_data(as_text=True))
        response = client.post(
            f"/tasks/{item}/draft",
            data={"csrf_token": token, "unit_name": "冒充"},
            headers={"X-Requested-With": "fetch"},
        )
        assert response.status_code == status, user
        assert response.get_json()["message"]
    assert _drafts(deployed) == 0


def test_a_sent_form_deletes_its_drafts(deployed, api, login_as):
    from tests.processes.internship_approval.helpers import ADULT, application, use_setting

    use_setting(deployed, "internship.consent_for_all_placements", "0")
    item = _application_task(api)
    school = login_as("school")
    token = _csrf(school.get(f"/tasks/{item}").get_data(as_text=True))
    school.post(f"/tasks/{item}/draft", data={"csrf_token": token, "unit_name": "草稿单位"})
    assert _drafts(deployed) == 1
    reply = api("school").post(
        f"/api/v1/tasks/{item}/complete", json={"data": application([ADULT])}
    )
    assert reply.status_code == 200, reply.get_json()
    assert _drafts(deployed) == 0  # the API sent it: the page's draft went with it


def test_a_draft_larger_than_the_limit_is_refused_with_a_reason(deployed, api, login_as):
    item = _application_task(api)
    school = login_as("school")
    token = _csrf(school.get(f"/tasks/{item}").get_data(as_text=True))
    response = school.post(
        f"/tasks/{item}/draft",
        data={"csrf_token": token, "work_content": "字" * 200_000},
        headers={"X-Requested-With": "fetch"},
    )
    assert response.status_code in (413, 422)
    if response.status_code == 422:
        assert "草稿过大" in response.get_json()["message"]


def test_saved_filters_are_each_user_s_own(deployed, api, login_as):
    city = login_as("city")
    token = _csrf(city.get("/inbox").get_data(as_text=True))
    saved = city.post(
        "/inbox/filters",
        data={
            "csrf_token": token,
            "name": "沈阳·逾期",
            "query": "overdue=1&process=internship_approval&page=3&evil=1",
        },
    )
    assert saved.status_code == 302
    page = city.get("/inbox").get_data(as_text=True)
    assert "沈阳·逾期" in page
    assert "/inbox?overdue=1&amp;process=internship_approval" in page  # no page, no stray keys
    opened = city.get("/inbox?overdue=1&process=internship_approval").get_data(as_text=True)
    assert 'aria-current="true">沈阳·逾期' in opened

    other = login_as("city2")
    assert "沈阳·逾期" not in other.get("/inbox").get_data(as_text=True)
    with deployed.app_context():
        filter_id = db.session.scalar(select(SavedFilter.id))
    other_token = _csrf(other.get("/inbox").get_data(as_text=True))
    other.post(f"/inbox/filters/{filter_id}/delete", data={"csrf_token": other_token})
    assert "沈阳·逾期" in city.get("/inbox").get_data(as_text=True)  # not theirs to delete

    unnamed = city.post("/inbox/filters", data={"csrf_token": token, "name": " ", "query": "q=1"})
    assert "请为筛选起一个名称" in city.get(unnamed.headers["Location"]).get_data(as_text=True)
    city.post(f"/inbox/filters/{filter_id}/delete", data={"csrf_token": token})
    assert "沈阳·逾期" not in city.get("/inbox").get_data(as_text=True)


def test_claim_and_open_from_the_inbox(deployed, api, login_as):
    from tests.helpers import complete
    from tests.processes.internship_approval.helpers import ADULT, start_application

    start_application(api, [ADULT])
    school = api("school")
    complete(school, only_task(school, "学校领导审批")["id"], {"leader_decision": "approve"})
    item = only_task(api("city"), "市教育局审核备案")
    city = login_as("city")
    inbox = city.get("/inbox").get_data(as_text=True)
    assert "认领并办理" in inbox
    assert "沈阳机床装备有限公司" in inbox  # the row says which application it is
    claimed = city.post(f"/tasks/{item['id']}/claim", data={"csrf_token": _csrf(inbox)})
    assert claimed.headers["Location"].endswith(f"/tasks/{item['id']}")
    assert api("city").get(f"/api/v1/tasks/{item['id']}").get_json()["assignee"]


def test_a_start_form_keeps_its_draft_too(deployed, login_as, clock):
    from datetime import UTC, datetime

    clock.set(datetime(2026, 9, 15, 1, 0, tzinfo=UTC))  # inside the yearly window for requests
    school = login_as("school")
    page = school.get("/processes/major_adjustment/start").get_data(as_text=True)
    token = _csrf(page)
    auto = school.post(
        "/processes/major_adjustment/start/draft",
        data={"csrf_token": token, "kind": "add", "major_code": "660301"},
        headers={"X-Requested-With": "fetch"},
    )
    assert auto.status_code == 200, auto.get_data(as_text=True)
    page = school.get("/processes/major_adjustment/start").get_data(as_text=True)
    assert "已恢复您" in page and 'value="660301"' in page
    # a supervisor may not start a request: neither the form nor its draft
    supervisor = login_as("supervisor")
    assert supervisor.get("/processes/major_adjustment/start").status_code == 403
    token = _csrf(supervisor.get("/inbox").get_data(as_text=True))
    refused = supervisor.post(
        "/processes/major_adjustment/start/draft",
        data={"csrf_token": token, "kind": "add"},
        headers={"X-Requested-With": "fetch"},
    )
    assert refused.status_code == 403
    assert "只能由学校管理员、市教育局、省教育厅发起" in refused.get_json()["message"]
