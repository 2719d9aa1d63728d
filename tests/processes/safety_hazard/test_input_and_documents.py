"""Bad input gets a field-level Chinese message (photos naming no hazard, a later deadline than
the level allows, the wrong office, a return without reasons); the 整改通知书 and 整改验收意见
list each hazard with its level and deadline, with user text escaped."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from tests.helpers import complete, only_task, pdf_text, upload
from tests.processes.safety_hazard.helpers import (
    HAZARDS,
    JPEG,
    inspection,
    record,
    record_item,
    rectify,
    start,
    task,
    verify,
)
from webapp.extensions import db
from webapp.processes.safety_hazard.rules import hazard_plan, photo_number


def _refused(caller, item_id: int, data: dict) -> dict:
    return complete(caller, item_id, data, status=422)["fields"]


def test_an_inspection_form_is_refused_field_by_field(deployed, api):
    city = api("city")
    start(city)
    item = record_item(city)["id"]
    stray = upload(city, item, "hazard_photos", "现场照片.jpg", JPEG)
    late = [HAZARDS[0] | {"deadline": "2026-03-20"}, HAZARDS[1] | {"deadline": "2026-03-01"}]
    data = inspection(city, item, "province", hazards=late) | {"hazard_photos": [stray]}
    fields = _refused(city, item, data)
    assert "现场照片.jpg" in fields["hazard_photos"] and "序号" in fields["hazard_photos"]
    assert fields["inspecting_office"] == "您是市教育局的用户，检查单位应为“市教育局”"
    assert "不得晚于 2026-03-16" in fields["hazards.0.deadline"]
    assert fields["hazards.1.deadline"] == "整改期限应晚于检查日期和登记日期（2026-03-02）"
    # An earlier deadline than the level's is the inspector's to set.
    early = [HAZARDS[0] | {"deadline": "2026-03-09"}, HAZARDS[1]]
    complete(city, item, inspection(city, item, hazards=early))
    assert task(api("school"), "整改", 1)["due_at"].startswith("2026-03-09")


def test_a_return_without_reasons_is_refused(deployed, api):
    city = api("city")
    record(city)
    rectify(api("school"), 1)
    fields = _refused(city, task(city, "验收", 1)["id"], {"verdict": "return"})
    assert "退回整改时请写明" in fields["verify_opinion"]


def test_the_notice_and_the_closing_opinion_list_every_hazard(deployed, api):
    from webapp.models import IssuedDocument

    city, school = api("city"), api("school")
    case = record(city)
    for number in (1, 2):
        rectify(school, number)
        verify(city, number)
    item = only_task(city, "出具整改验收意见")
    complete(
        city, item["id"], {"acceptance_opinion": "经逐项验收，所列隐患已全部整改到位 <i>同意</i>"}
    )
    with deployed.app_context():
        documents = db.session.scalars(
            select(IssuedDocument).where(IssuedDocument.instance_id == case)
        ).all()
        kinds = {d.kind: d.id for d in documents}
        assert {d.issuer for d in documents} == {"沈阳市教育局"}
    notice = pdf_text(deployed, kinds["hazard_rectification_notice"])
    assert "关于沈阳市装备制造工程学校安全隐患整改的" in notice and "沈阳市教育局文件" in notice
    for text in ("消防", "一般", "重大", "2026年3月16日", "2026年4月14日", "<b>"):
        assert text in notice, text
    closing = pdf_text(deployed, kinds["hazard_acceptance_opinion"])
    assert "验收意见" in closing and "已验收" in closing and "<i>同意</i>" in closing


def test_the_case_page_shows_the_hazards_with_photos_and_evidence(deployed, api, login_as):
    city = api("city")
    case = record(city)
    rectify(api("school"), 1)
    page = login_as("school").get(f"/instances/{case}").get_data(as_text=True)
    assert "安全隐患（2 项）" in page and "1-现场.jpg" in page and "1-整改后.jpg" in page
    assert "待验收" in page and "2026-04-14" in page and "&lt;b&gt;危险&lt;/b&gt;" in page


def test_photo_numbers_and_the_plan_the_engine_keeps():
    assert photo_number("2-消防通道.jpg") == 2
    assert photo_number("12_配电箱.png") == 12
    assert photo_number("C:\\fakepath\\3 车间.jpg") == 3
    assert photo_number("现场.jpg") is None and photo_number("2026年.jpg") is None
    plan = hazard_plan(HAZARDS, ["2026-03-16T23:59:59+08:00", "2026-04-14T23:59:59+08:00"])
    assert plan[1] == {
        "no": 2,
        "level": "serious",
        "deadline": "2026-04-14T23:59:59+08:00",
        "label": "2号 水电隐患（重大）",
    }
    assert "description" not in plan[0]  # descriptions stay in the module's table


def test_a_late_record_counts_the_deadlines_from_the_day_it_is_recorded(deployed, api, clock):
    """An inspection recorded two weeks after the visit: the school is told today, so its
    working days count from today and no hazard starts out overdue."""
    clock.set(datetime(2026, 3, 16, 1, 0, tzinfo=UTC))  # Monday 16 March
    city = api("city")
    start(city)
    item = record_item(city)["id"]
    late = inspection(city, item, inspected_on="2026-03-02")
    stale = [HAZARDS[0] | {"deadline": "2026-03-13"}, HAZARDS[1]]
    fields = _refused(city, item, late | {"hazards": stale})
    assert fields["hazards.0.deadline"] == "整改期限应晚于检查日期和登记日期（2026-03-16）"
    complete(city, item, late)
    school = api("school")
    first, second = task(school, "整改", 1), task(school, "整改", 2)
    assert first["due_at"] == "2026-03-30T15:59:59+00:00"  # 10 working days after 16 March
    assert second["due_at"] > first["due_at"]
    assert not first["overdue"] and not second["overdue"]
