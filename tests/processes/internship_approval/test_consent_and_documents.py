"""The 2021 rules through the running process: consent for every 岗位实习 student by default
(letters and pages for adults and minors alike), the settings that move the reviewer's warnings,
the agreement and 备案回执 filled from data with no empty placeholder, and the actual start date."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from tests.helpers import complete, only_task, pdf_text
from tests.processes.internship_approval.helpers import (
    ADULT,
    MINOR_A,
    answer,
    application,
    approve_through_school_and_city,
    consent_links,
    start_application,
    use_setting,
)
from webapp.extensions import db
from webapp.models import IssuedDocument

# What the old documents printed where data was missing ("周一至周五，，每日8小时",
# "请联系，电话。", "尊敬的：").
EMPTY_PLACEHOLDERS = ("，，", "：。", "，。", "请联系，", "电话。", "尊敬的：", "（）", "：；")


def _documents(app, instance_id: int, kind: str) -> list[tuple[int, str, str]]:
    with app.app_context():
        rows = db.session.scalars(
            select(IssuedDocument)
            .where(IssuedDocument.instance_id == instance_id, IssuedDocument.kind == kind)
            .order_by(IssuedDocument.id)
        ).all()
        return [(row.id, row.title, row.doc_number) for row in rows]


def _text(app, document_id: int) -> str:
    return "".join(pdf_text(app, document_id).split())


def _no_placeholders(text: str) -> None:
    for empty in EMPTY_PLACEHOLDERS:
        assert empty not in text, empty


def test_every_placement_student_s_guardian_is_asked_by_default(deployed, api, client):
    started, body = start_application(api, [ADULT, MINOR_A], consent_for_all=True)
    assert [t["name"] for t in body["tasks"]] == [
        "监护人知情同意：成年甲",
        "监护人知情同意：未成年乙",
    ]
    letters = [
        _text(deployed, i) for i, _, _ in _documents(deployed, started["id"], "consent_letter")
    ]
    assert len(letters) == 2
    adult_letter, minor_letter = (
        next(text for text in letters if f"安排{name}" in text) for name in ("成年甲", "未成年乙")
    )
    for letter in (adult_letter, minor_letter):
        assert "须取得学生及其监护人签字的知情同意书" in letter
        assert "可自行选择符合条件的岗位实习单位" in letter
        assert "原则上不低于本单位相同岗位工资标准的80%或最低档工资标准" in letter
        assert "实习报酬提成、管理费、实习材料费" in letter
        _no_placeholders(letter)
    assert "未满18周岁" not in adult_letter and "未成年乙在实习开始时未满18周岁" in minor_letter
    assert "尊敬的成家长：" in adult_letter  # the guardian named on the form

    links = consent_links(deployed, started["id"])
    adult_page = client.get(links["成年甲"]).get_data(as_text=True)
    minor_page = client.get(links["未成年乙"]).get_data(as_text=True)
    assert "未满 18 周岁" not in adult_page and "该生在实习开始时未满 18 周岁" in minor_page
    assert "孩子" not in adult_page and "孩子" not in minor_page
    for page in (adult_page, minor_page):
        assert "可自行选择符合条件的岗位实习单位" in page
        assert "《关于进一步规范中等职业学校管理全面提升中等职业教育质量的意见》第十一条" in page


@pytest.mark.parametrize(
    ("setting", "value", "changes", "expected"),
    [
        # 2026-04-01 to 2026-07-31 is four months: no warning at 6, one at 3.
        ("internship.max_placement_months", "3", {}, "超过3个月"),
        # 1 intern among 800 staff: no warning at 10%, one at 0.1%... the minimum is 1%.
        ("internship.max_interns_unit_percent", "1", {"unit_staff_count": 50}, "的 1%"),
        # 1 intern on a post of 60: no warning at 20%, one at 1%.
        ("internship.max_interns_post_percent", "1", {}, "的 1%"),
    ],
)
def test_each_warning_setting_moves_its_rule(deployed, api, setting, value, changes, expected):
    _, before = start_application(api, [ADULT], **changes)
    assert before["data"]["review_warnings"] == []
    use_setting(deployed, setting, value)
    _, after = start_application(api, [ADULT], **changes)
    assert any(expected in warning for warning in after["data"]["review_warnings"]), after["data"][
        "review_warnings"
    ]


def _through_to_start(deployed, api, client, students, **changes) -> dict:
    started, _ = start_application(api, students, **changes)
    for link in consent_links(deployed, started["id"]).values():
        answer(client, link, "agree")
    approve_through_school_and_city(api)
    return started


def test_the_agreement_is_filled_from_the_data_and_the_settings(deployed, api, client):
    use_setting(
        deployed,
        "internship.school_contacts",
        "沈阳市装备制造工程学校=沈阳市大东区测试路1号|实习办 刘老师|024-88886666",
    )
    started = _through_to_start(
        deployed,
        api,
        client,
        [ADULT, MINOR_A],
        work_days="周一至周五",
        work_hours="8:30—12:00，13:30—17:30",
        pay_day=10,
    )
    agreements = _documents(deployed, started["id"], "tripartite_agreement")
    assert len(agreements) == 2
    text = _text(deployed, agreements[0][0])
    for expected in (
        "地址：沈阳市大东区测试路1号联系人：实习办刘老师电话：024-88886666",
        "工作时间：周一至周五，8:30—12:00，13:30—17:30，每日8小时。",
        "原则上不低于本单位相同岗位工资标准的80%或最低档工资标准",
        "以货币形式按月足额、直接支付给学生本人，于次月10日前付清",
        "实习报酬提成、管理费、实习材料费",
        "第四条实习责任保险",
        "第五条劳动保护与安全",
        "第九条违约责任",
        "第十条争议解决",
    ):
        assert expected in text, expected
    _no_placeholders(text)


def test_missing_details_are_left_out_not_printed_blank(deployed, api, client):
    """No work days, hours pattern or pay day in the application, no school contact set."""
    started = _through_to_start(deployed, api, client, [ADULT])
    [(agreement_id, _, _)] = _documents(deployed, started["id"], "tripartite_agreement")
    text = _text(deployed, agreement_id)
    assert "工作时间：每日8小时。" in text and "周一至周五" not in text
    assert "次月" not in text and "按月足额、直接支付给学生本人，原则上" in text
    assert "联系人：王老师" in text  # the supervising teacher when no school contact is set
    _no_placeholders(text)


def test_observation_gets_a_filing_receipt_and_no_agreement(deployed, api, client):
    started = _through_to_start(
        deployed, api, client, [ADULT], kind="认识实习", pay_per_month=0, same_post_wage=0
    )
    assert _documents(deployed, started["id"], "tripartite_agreement") == []
    assert len(_documents(deployed, started["id"], "approval_decision")) == 1


def test_the_city_answers_with_a_filing_receipt_numbered_by_the_setting(deployed, api, client):
    first = _through_to_start(deployed, api, client, [ADULT])
    [(receipt_id, title, number)] = _documents(deployed, first["id"], "approval_decision")
    assert title == "沈阳市教育局关于沈阳市装备制造工程学校学生岗位实习的备案回执"
    assert number == "沈教职成备〔2026〕1号"
    text = _text(deployed, receipt_id)
    assert "予以备案" in text and "特此回执。" in text and "批复" not in text
    use_setting(
        deployed, "internship.filing_number_patterns_by_city", "沈阳市=沈教备字〔{year}〕{seq}号"
    )
    second = _through_to_start(deployed, api, client, [ADULT])
    [(_, _, number)] = _documents(deployed, second["id"], "approval_decision")
    assert number == "沈教备字〔2026〕2号"


def test_a_bad_filing_number_pattern_is_refused_on_the_settings_page(deployed, login_as):
    page = login_as("admin").post(
        "/admin/settings",
        data={"internship.filing_number_pattern": "沈阳教职成备〔{year}〕号"},
        follow_redirects=True,
    )
    assert "须含 〔{year}〕 和 {seq}" in page.get_data(as_text=True)


def test_the_actual_start_may_not_precede_the_filing_or_the_filed_start(deployed, api, client):
    started = _through_to_start(deployed, api, client, [ADULT])  # filed 2026-03-02, starts 04-01
    school = api("school")
    item = only_task(school, "三方协议已签署，确认开始实习")["id"]
    refused = complete(
        school, item, {"agreements_signed": True, "actual_start_date": "2026-03-31"}, status=422
    )
    message = refused["fields"]["actual_start_date"]
    assert re.search("市教育局备案日期 2026-03-02", message)
    assert "备案的实习开始日期 2026-04-01" in message
    complete(school, item, {"agreements_signed": True, "actual_start_date": "2026-04-01"})
    assert school.get(f"/api/v1/instances/{started['id']}").get_json()["status"] == "running"


def test_forbidden_posts_guardians_and_charges_are_refused_together(deployed, api):
    """One submission, every problem on its own field, each naming its student row."""
    school = api("school")
    started = school.post(
        "/api/v1/processes/internship_approval/instances", json={"data": {}}
    ).get_json()
    minor = {k: v for k, v in MINOR_A.items() if k != "guardian_relation"} | {
        "guardian_phone": "138000"
    }
    posts = [
        {
            "post_name": "喷涂",
            "interns": 2,
            "post_staff": 60,
            "risk": "无",
            "minor_forbidden": True,
            "female_forbidden": True,
        }
    ]
    data = application([ADULT, minor], posts=posts, charges_material_fee=True, pay_cycle="每季度")
    fields = complete(school, started["tasks"][0]["id"], data, status=422)["fields"]
    assert "未成年工禁忌从事的劳动" in fields["students.1.id_number"]
    assert "女职工禁忌从事的劳动" in fields["students.1.id_number"]  # order 000: female
    assert fields["students.1.guardian_phone"].startswith("第2行学生未成年乙需监护人知情同意")
    assert "students.1.guardian_relation" in fields
    assert "实习材料费" in fields["charges_material_fee"]
    assert "支付周期不得超过1个月" in fields["pay_cycle"]
