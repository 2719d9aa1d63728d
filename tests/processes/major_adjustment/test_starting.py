"""What is checked when a request starts: the window, the catalogue, the school's list, its
standing, and a 国家控制布点 major needing approval rather than filing; through the API and the
start page."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from sqlalchemy import select

from tests.helpers import complete, only_task, pdf_text, upload
from tests.processes.major_adjustment.helpers import (
    FILL,
    decide,
    document_id,
    documents,
    start,
    to_province,
)
from webapp.extensions import db


def test_outside_the_window_nothing_starts_and_the_page_says_when_it_opens(
    majors, api, clock, login_as
):
    clock.set(datetime(2026, 11, 2, 1, 0, tzinfo=UTC))
    refused = start(api("school"), status=422, kind="add", major_code="710201")
    assert "2027年9月1日" in refused["fields"]["_form"]
    page = login_as("school").get("/processes/major_adjustment/start").get_data(as_text=True)
    assert "下一次受理自 2027年9月1日 起" in page
    assert 'name="major_code"' not in page


def test_catalogue_and_school_list_checks(majors, api):
    school = api("school")
    cases = [
        ({"kind": "add", "major_code": "999999"}, "major_code", "不在现行中等职业教育专业目录中"),
        ({"kind": "add", "major_code": "660103"}, "major_code", "已开设 660103 数控技术应用"),
        ({"kind": "adjust", "major_code": "710201"}, "major_code", "没有开设专业 710201"),
        ({"kind": "stop", "major_code": "710201"}, "major_code", "没有开设专业 710201"),
        ({"kind": "transform", "major_code": "660101"}, "target_code", "改造后的专业代码"),
        (
            {"kind": "transform", "major_code": "660101", "target_code": "660101"},
            "target_code",
            "应不同于原专业",
        ),
        ({"kind": "add", "major_code": "7102"}, "major_code", "6 位数字"),
        ({"kind": "add", "major_code": "710201", "note": "x"}, "note", "没有该字段"),
    ]
    for data, field, text in cases:
        refused = start(school, status=422, **data)
        assert text in refused["fields"][field], (data, refused)


def test_a_school_that_may_not_enrol_cannot_add_but_can_stop(majors, api):
    from webapp.models import Organisation

    with majors.app_context():
        school = db.session.scalar(select(Organisation).where(Organisation.code == "21010001"))
        school.standing = "enrollment_stopped"
        db.session.commit()
    refused = start(api("school"), status=422, kind="add", major_code="710201")
    assert "停止招生" in refused["fields"]["kind"]
    refused = start(api("school"), status=422, kind="transform", major_code="660101",
                    target_code="660107")  # fmt: skip
    assert "停止招生" in refused["fields"]["kind"]
    assert start(api("school"), kind="stop", major_code="660103")["status"] == "running"


def test_a_controlled_major_needs_approval_and_gets_a_reply(majors, api):
    from webapp.majors.models import CatalogueMajor

    with majors.app_context():
        for row in db.session.scalars(
            select(CatalogueMajor).where(CatalogueMajor.code == "720201")
        ):
            row.state_controlled = True  # as a province marks 国家控制布点 in its catalogue
        db.session.commit()
    school = api("school")
    case = to_province(api, major_code="720201")
    decide(api("province"))
    body = school.get(f"/api/v1/instances/{case['id']}").get_json()
    assert body["data"]["approval"] == "审批"
    kind, title = documents(majors, case["id"])[-1]
    assert kind == "major_decision" and title.endswith("的批复")
    text = pdf_text(majors, document_id(majors, case["id"], "major_decision"))
    flat = re.sub(r"\s+", "", text)
    assert "现批复如下" in flat and "同意你校增设护理专业（专业代码720201）" in flat


def test_the_teacher_rule_and_the_request_checks(majors, api):
    school = api("school")
    start(school, kind="add", major_code="710201")
    item = only_task(school, FILL["add"])
    from tests.processes.major_adjustment.helpers import request_data

    data = request_data(school, "add", item["id"])
    data["teachers"] = [dict(t, title="初级") for t in data["teachers"]]
    refused = complete(school, item["id"], data, status=422)
    assert (
        "至少 2 名" in refused["fields"]["teachers"]
        and "中级及以上" in refused["fields"]["teachers"]
    )
    data = request_data(school, "add", item["id"])
    data["teachers"][1] = dict(data["teachers"][1], id_number="210102198001010000")
    refused = complete(school, item["id"], data, status=422)
    assert "校验位" in refused["fields"]["teachers.1.id_number"]


def test_a_stop_with_students_needs_a_plan(majors, api):
    school = api("school")
    start(school, kind="stop", major_code="660103")
    item = only_task(school, FILL["stop"])
    data = {
        "enrolled": [{"grade": "2025级", "students": 40}],
        "student_plan": "none",
        "last_intake_year": 2025,
        "reason": "该专业连续两年就业率偏低，停止招生。",
    }
    refused = complete(school, item["id"], data, status=422)
    assert "40 人" in refused["fields"]["student_plan"]
    assert "安置方案" in refused["fields"]["student_plan_file"]
    data |= {
        "student_plan": "transfer",
        "student_plan_file": [upload(school, item["id"], "student_plan_file")],
    }
    complete(school, item["id"], data)


def test_the_start_page_keeps_what_was_entered(majors, login_as):
    client = login_as("school")
    page = client.get("/processes/major_adjustment/start").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page)[1]
    answer = client.post(
        "/processes/major_adjustment/start",
        data={"csrf_token": token, "kind": "add", "major_code": "999999"},
    )
    assert answer.status_code == 422
    html = answer.get_data(as_text=True)
    assert 'value="999999"' in html and "不在现行中等职业教育专业目录中" in html
    answer = client.post(
        "/processes/major_adjustment/start",
        data={"csrf_token": token, "kind": "add", "major_code": "710201"},
    )
    assert answer.status_code == 302 and "/tasks/" in answer.headers["Location"]


def test_an_official_must_name_the_school(majors, api):
    refused = start(api("province"), status=422, kind="add", major_code="710201")
    assert "学校代码" in refused["fields"]["school"]
    started = api("city").post(
        "/api/v1/processes/major_adjustment/instances",
        json={"school": "21010001", "data": {"kind": "add", "major_code": "710201"}},
    )
    assert started.status_code == 201, started.get_json()


def test_one_request_per_major_at_a_time_and_no_stray_target(majors, api):
    school = api("school")
    first = start(school, kind="add", major_code="710201")
    refused = start(school, status=422, kind="add", major_code="710201")
    assert first["title"].split("－")[0] in refused["fields"]["major_code"]
    start(school, kind="transform", major_code="660101", target_code="660107")
    refused = start(school, status=422, kind="stop", major_code="660101")
    assert "已有办理中的申请" in refused["fields"]["major_code"]
    refused = start(school, status=422, kind="add", major_code="660107")
    assert "已有办理中的申请" in refused["fields"]["major_code"]
    refused = start(school, status=422, kind="adjust", major_code="660103", target_code="710205")
    assert "仅“改造升级”填写" in refused["fields"]["target_code"]
