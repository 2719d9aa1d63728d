"""The yearly suggestions the system raises itself, and the published list (公示) with its
Excel export."""

from __future__ import annotations

import io
from datetime import UTC, datetime

from openpyxl import load_workbook

from scheduler.housekeeping import Housekeeping
from scheduler.runner import tick
from tests.helpers import complete, inbox, only_task
from tests.processes.major_adjustment.helpers import (
    city_review,
    decide,
    file_request,
    invite,
    score,
    start,
    to_province,
)
from webapp.extensions import db


def _housekeeping(app, clock) -> None:
    """What the scheduler service does hourly (a fresh service is due at once)."""
    tick(app, clock, Housekeeping())


def test_low_employment_two_years_running_raises_one_suggestion(majors, api, clock):
    # 大连电子学校 (21020002, school of city2) has 现代通信技术应用 at 58.3% and 55.6%, and no
    # intake in 2025; the suggestion goes to that school, once however often housekeeping runs.
    from webapp.services.auth import create_user

    with majors.app_context():
        create_user("school3", "Demo@2026", "school_staff", "21020002", clock,
                    hash_method="pbkdf2:sha256:1000")  # fmt: skip
        db.session.commit()
    _housekeeping(majors, clock)
    _housekeeping(majors, clock)
    school3 = api("school3")
    items = inbox(school3, process="major_adjustment")
    assert [item["name"] for item in items] == ["答复专业调整建议"]
    assert "现代通信技术应用" in items[0]["title"]
    case = school3.get(f"/api/v1/instances/{items[0]['instance_id']}").get_json()
    assert "58.3%" in case["data"]["suggestion_reason"]
    assert "55.6%" in case["data"]["suggestion_reason"]
    # A healthy school gets none.
    assert inbox(api("school"), process="major_adjustment") == []
    refused = complete(
        school3, items[0]["id"], {"response": "explain", "explanation": "短"}, status=422
    )
    assert "explanation" in refused["fields"]
    complete(
        school3,
        items[0]["id"],
        {"response": "will_apply", "explanation": "将在申报期内提出停办申请。"},
    )
    assert inbox(school3, process="major_adjustment") == []


def test_no_suggestions_before_the_window_opens(majors, api, clock):
    clock.set(datetime(2026, 8, 20, 1, 0, tzinfo=UTC))
    _housekeeping(majors, clock)
    with majors.app_context():
        from sqlalchemy import func, select

        from webapp.models import ProcessInstance

        count = db.session.scalar(
            select(func.count())
            .select_from(ProcessInstance)
            .where(ProcessInstance.process_key == "major_adjustment")
        )
    assert count == 0


def test_published_list_and_its_export(majors, api, client):
    to_province(api)
    decide(api("province"))
    page = client.get("/major-adjustment/published?year=2026")  # open to anyone: 公示
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "新增专业（1 项）" in html and "710201 计算机应用" in html
    assert "停办专业（0 项）" in html
    sheet = client.get("/major-adjustment/published.xlsx?year=2026")
    rows = list(load_workbook(io.BytesIO(sheet.data)).active.iter_rows(values_only=True))
    assert any(row and row[0] == "新增" and row[4] == "710201 计算机应用" for row in rows)
    assert client.get("/major-adjustment/published?year=abc").status_code == 404
    assert client.get("/major-adjustment/published?year=2025").status_code == 200


def test_the_overview_page_and_the_pool_panel(majors, api, login_as):
    school = api("school")
    case = start(school, kind="add", major_code="710201")
    file_request(school, "add")
    city_review(api("city"))
    html = login_as("province").get("/major-adjustment/").get_data(as_text=True)
    assert "邀请评审专家" in html
    item = only_task(api("province"), "邀请评审专家")
    page = login_as("province").get(f"/tasks/{item['id']}").get_data(as_text=True)
    assert "专家库" in page and "expert4" in page and "申请摘要" in page
    assert login_as("expert").get("/major-adjustment/").status_code == 404
    assert case["id"]


def test_when_the_pool_runs_out_the_seat_waits_for_a_new_expert(majors, api, clock):
    from webapp.models import Notification
    from webapp.services.auth import create_user

    school = api("school")
    case = start(school, kind="add", major_code="710201")
    file_request(school, "add")
    city_review(api("city"))
    invite(api("province"), "expert")
    declared = {"conflict": True, "conflict_reason": "曾在该校任教"}
    complete(api("expert"), only_task(api("expert"), "专家评分")["id"], declared)
    # expert4 replaces expert, then steps aside too: nobody is left who was not asked.
    complete(api("expert4"), only_task(api("expert4"), "专家评分")["id"], declared)
    with majors.app_context():
        from sqlalchemy import select

        titles = db.session.scalars(
            select(Notification.title).where(Notification.instance_id == case["id"])
        ).all()
    assert any("没有未参与本案的专家" in title for title in titles)
    with majors.app_context():
        create_user("expert5", "Demo@2026", "expert", None, clock, hash_method="pbkdf2:sha256:1000")
        db.session.commit()
    _housekeeping(majors, clock)
    score(api("expert5"))
    score(api("expert2"))
    score(api("expert3"))
    body = school.get(f"/api/v1/instances/{case['id']}").get_json()
    assert body["data"]["expert_outcome"]["experts"] == 3


def test_the_province_issues_the_years_notice(majors, api, client, login_as):
    import re
    import subprocess

    province = login_as("province")
    token = re.search(
        r'name="csrf_token" value="([^"]+)"', province.get("/inbox").get_data(as_text=True)
    )[1]
    empty = province.post(
        "/major-adjustment/published/notice?year=2026", data={"csrf_token": token}
    )
    assert empty.status_code == 302
    assert client.get("/major-adjustment/published/notice.pdf?year=2026").status_code == 404
    to_province(api)
    decide(api("province"))
    issued = province.post(
        "/major-adjustment/published/notice?year=2026", data={"csrf_token": token}
    )
    assert issued.status_code == 302
    page = client.get("/major-adjustment/published?year=2026").get_data(as_text=True)
    assert "辽教职成〔2026〕专1号" in page
    pdf = client.get("/major-adjustment/published/notice.pdf?year=2026")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=pdf.data, capture_output=True, check=True
    ).stdout.decode()
    flat = re.sub(r"\s+", "", text)
    assert "关于公布2026年中等职业学校专业设置结果的通知" in flat
    assert "710201计算机应用" in flat
    school = login_as("school")
    token = re.search(
        r'name="csrf_token" value="([^"]+)"', school.get("/inbox").get_data(as_text=True)
    )[1]
    refused = school.post(
        "/major-adjustment/published/notice?year=2026", data={"csrf_token": token}
    )
    assert refused.status_code == 404
