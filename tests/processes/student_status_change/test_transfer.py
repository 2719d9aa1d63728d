"""转学: the receiving school confirms and picks the student's major there; the school's city
approves, and across cities the receiving city too; the registry then shows the student 转出
at the old school and 在籍在校 at the new one. Each party acts on its own tasks only."""

from __future__ import annotations

from tests.helpers import complete, inbox, only_task
from webapp.extensions import db

from .conftest import major_code, registration
from .helpers import case_of, review, start, submit

CONFIRM = "转入学校确认：{}"
CITY_REVIEW = "市教育局核准学籍异动：{}"
RECEIVING_CITY = "转入地市教育局核准：{}"


def _code(app, school: str, name: str) -> str:
    with app.app_context():
        return major_code(school, name)


def _school_user(app, clock, username: str, school_code: str) -> None:
    from webapp.services.auth import create_user

    with app.app_context():
        create_user(
            username,
            "Demo@2026",
            "school_staff",
            school_code,
            clock,
            "旅游学校 学籍管理员",
            "pbkdf2:sha256:1000",
        )
        db.session.commit()


def test_a_transfer_across_cities_goes_through_both_schools_and_both_cities(registry, api):
    garments = _code(registry, "21020001", "服装设计与工艺")
    case = start(api, "赵一", "transfer", receiving_school_code="21020001")
    assert case["title"].startswith(
        "学籍异动（转学）：赵一－沈阳市装备制造工程学校→大连市轻工业学校"
    )
    submit(api, case)
    assert inbox(api("city")) == []  # the receiving school confirms first
    task = only_task(api("school2"), CONFIRM.format("赵一"))
    assert task["school"] == "大连市轻工业学校" and task["due_at"] == "2026-10-19T15:59:59+00:00"
    assert api("school2").get(f"/api/v1/tasks/{task['id']}").status_code == 200
    refused = complete(api("school2"), task["id"], {"receiving_decision": "accept"}, status=422)
    assert "receiving_major_code" in refused["fields"]
    complete(
        api("school2"),
        task["id"],
        {"receiving_decision": "accept", "receiving_major_code": garments},
    )
    review(api, "city", CITY_REVIEW.format("赵一"), city_decision="approve")
    assert inbox(api("city")) == []
    item = only_task(api("city2"), RECEIVING_CITY.format("赵一"))
    assert item["school"] == "大连市轻工业学校"
    assert registration(registry, "赵一")["status"] == "在籍在校"  # nothing before the last say
    complete(api("city2"), item["id"], {"receiving_city_decision": "approve"})
    assert case_of(api, case["id"])["data"]["outcome"] == "approved"
    assert registration(registry, "赵一")["status"] == "转出"
    moved = registration(registry, "赵一", "21020001")
    assert moved["status"] == "在籍在校" and moved["major_code"] == garments and moved["grade"] == 2


def test_a_transfer_within_a_city_needs_that_city_only(registry, api, clock):
    _school_user(registry, clock, "tourism", "21010002")
    cooking = _code(registry, "21010002", "中餐烹饪")
    case = start(api, "李四", "transfer", receiving_school_code="21010002")
    submit(api, case)
    assert inbox(api("school2")) == []
    review(
        api,
        "tourism",
        CONFIRM.format("李四"),
        receiving_decision="accept",
        receiving_major_code=cooking,
    )
    review(api, "city", CITY_REVIEW.format("李四"), city_decision="approve")
    assert inbox(api("city")) == [] and inbox(api("city2")) == []
    assert registration(registry, "李四", "21010002")["major_code"] == cooking


def test_the_receiving_school_may_refuse_with_a_reason(registry, api):
    case = start(api, "赵一", "transfer", receiving_school_code="21020001")
    submit(api, case)
    task = only_task(api("school2"), CONFIRM.format("赵一"))
    short = complete(api("school2"), task["id"], {"receiving_decision": "refuse"}, status=422)
    assert "receiving_note" in short["fields"]
    complete(
        api("school2"),
        task["id"],
        {"receiving_decision": "refuse", "receiving_note": "本校该年级学位已满"},
    )
    body = case_of(api, case["id"])
    assert body["status"] == "completed" and body["data"]["outcome"] == "refused"
    assert registration(registry, "赵一")["status"] == "在籍在校"
    assert registration(registry, "赵一", "21020001") is None
    notices = api("school").get("/api/v1/notifications").get_json()["items"]
    assert any("未获转入学校同意" in n["title"] for n in notices)


def test_the_receiving_city_may_reject(registry, api):
    garments = _code(registry, "21020001", "服装设计与工艺")
    case = start(api, "赵一", "transfer", receiving_school_code="21020001")
    submit(api, case)
    review(
        api,
        "school2",
        CONFIRM.format("赵一"),
        receiving_decision="accept",
        receiving_major_code=garments,
    )
    review(api, "city", CITY_REVIEW.format("赵一"), city_decision="approve")
    review(
        api,
        "city2",
        RECEIVING_CITY.format("赵一"),
        receiving_city_decision="reject",
        receiving_city_opinion="材料不符合转学条件",
    )
    assert case_of(api, case["id"])["data"]["outcome"] == "rejected"
    assert registration(registry, "赵一", "21020001") is None


def test_the_receiving_school_takes_a_major_it_enrolls_in(registry, api):
    paused = _code(registry, "21020001", "印刷媒体技术")
    case = start(api, "赵一", "transfer", receiving_school_code="21020001")
    submit(api, case)
    task = only_task(api("school2"), CONFIRM.format("赵一"))
    refused = complete(
        api("school2"),
        task["id"],
        {"receiving_decision": "accept", "receiving_major_code": paused},
        status=422,
    )
    assert (
        refused["fields"]["receiving_major_code"] == "本校的“印刷媒体技术”专业目前不在招，不能转入"
    )


def test_transfers_name_another_of_our_schools(registry, api):
    own = start(api, "赵一", "transfer", status=422, receiving_school_code="21010001")
    assert own["fields"]["receiving_school_code"].startswith("转入学校不能是本校")
    unknown = start(api, "赵一", "transfer", status=422, receiving_school_code="99999999")
    assert unknown["fields"]["receiving_school_code"].startswith(
        "本省没有代码为 99999999 的中等职业学校"
    )
    missing = start(api, "赵一", "transfer", status=422)
    assert "receiving_school_code" in missing["fields"]


def test_the_case_page_shows_the_change_and_what_it_did_to_the_registry(registry, api, login_as):
    garments = _code(registry, "21020001", "服装设计与工艺")
    case = start(api, "赵一", "transfer", receiving_school_code="21020001")
    submit(api, case)
    task = only_task(api("school2"), CONFIRM.format("赵一"))
    page = login_as("school2").get(f"/tasks/{task['id']}").get_data(as_text=True)
    assert "学籍异动摘要" in page and "大连市轻工业学校" in page and "赵一" in page
    complete(
        api("school2"),
        task["id"],
        {"receiving_decision": "accept", "receiving_major_code": garments},
    )
    review(api, "city", CITY_REVIEW.format("赵一"), city_decision="approve")
    review(api, "city2", RECEIVING_CITY.format("赵一"), receiving_city_decision="approve")
    html = login_as("school").get(f"/instances/{case['id']}").get_data(as_text=True)
    assert "已按核准结果更新学籍库" in html
    assert "在籍在校 → 转出" in html and f"转入后专业</th><td>— → {garments}" in html
    assert "更新学籍库" in html  # the history names the event


def test_the_receiving_school_reads_the_evidence_it_must_judge(registry, api, login_as):
    case = start(api, "赵一", "transfer", receiving_school_code="21020001")
    submit(api, case)
    with registry.app_context():
        from sqlalchemy import select

        from webapp.models import Attachment

        evidence = db.session.scalar(
            select(Attachment.id).where(Attachment.instance_id == case["id"])
        )
    receiving = login_as("school2")
    download = receiving.get(f"/files/{evidence}")
    assert download.status_code == 200 and download.get_data().startswith(b"%PDF")  # unclaimed
    download.close()
    assert login_as("city2").get(f"/files/{evidence}").status_code == 404  # not yet their step
    task = only_task(api("school2"), CONFIRM.format("赵一"))
    complete(
        api("school2"),
        task["id"],
        {"receiving_decision": "refuse", "receiving_note": "学位已满，无法接收"},
    )
    assert login_as("city2").get(f"/files/{evidence}").status_code == 404
