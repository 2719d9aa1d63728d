"""办学资质年检 end to end: the province opens a round; each school self-assesses; the decision
table grades; city and province review; certificate, rectification, the sanction ladder."""

from __future__ import annotations

import io
from datetime import date, timedelta

from sqlalchemy import select

from scheduler.sweep import sweep
from tests.helpers import complete, inbox, only_task, pdf_text, upload
from tests.processes.annual_inspection.samples import school as sample_school
from webapp.extensions import db
from webapp.models import IssuedDocument, Organisation, ProcessInstance, User
from webapp.processes.annual_inspection.rounds import open_round

JPG = b"\xff\xd8\xff\xe0" + b"\x00" * 60


def _open(app, clock, year: int = 2026) -> tuple[dict, list]:
    with app.app_context():
        province = db.session.scalar(select(User).where(User.username == "province"))
        result = open_round(year, date(2027, 1, 15), date(2027, 5, 31), province, clock)
        db.session.commit()
        return {c.school.code: c.instance_id for c in result.started}, result.skipped


def _assess(app, api, clock, **changes) -> None:
    school = api("school")
    task = only_task(school, "学校自查")["id"]
    data = sample_school(**changes) | {
        "self_assessment_evidence": [upload(school, task, "self_assessment_evidence")]
    }
    complete(school, task, data)


def _reviews(api, decision: str = "confirm") -> None:
    city, province = api("city"), api("province")
    complete(city, only_task(city, "市级初审")["id"], {"city_decision": "pass_on"})
    extra = {} if decision == "confirm" else {"province_reason": "核查办学条件"}
    complete(
        province, only_task(province, "省级复核")["id"], {"province_decision": decision, **extra}
    )


def _kinds(app, instance_id: int) -> list[str]:
    with app.app_context():
        return list(
            db.session.scalars(
                select(IssuedDocument.kind)
                .where(IssuedDocument.instance_id == instance_id)
                .order_by(IssuedDocument.id)
            )
        )


def _data(api, instance_id: int) -> dict:
    return api("province").get(f"/api/v1/instances/{instance_id}").get_json()


def _standing(app, code: str = "21010001") -> str:
    with app.app_context():
        return db.session.scalar(select(Organisation.standing).where(Organisation.code == code))


def test_opening_a_round_starts_one_case_per_active_school_and_reports_skips(deployed, clock):
    with deployed.app_context():
        db.session.scalar(
            select(Organisation).where(Organisation.code == "21020002")
        ).active = False
        db.session.commit()
    cases, skipped = _open(deployed, clock)
    assert sorted(cases) == ["21010001", "21010002", "21020001"]
    assert [(s["school"], s["code"], s["reason"]) for s in skipped] == [
        ("大连电子学校", "21020002", "学校已停办")
    ]
    again, skipped_again = _open(deployed, clock)
    assert again == {} and skipped_again == []  # every school was handled the first time


def test_passed_first_time_gets_a_certificate(deployed, api, clock):
    cases, _ = _open(deployed, clock)
    _assess(deployed, api, clock)
    _reviews(api)
    body = _data(api, cases["21010001"])
    assert (
        body["status"] == "completed"
        and body["data"]["grade"] == "合格"
        and body["data"]["result"] == "合格"
    )
    assert _kinds(deployed, cases["21010001"]) == ["inspection_certificate"]
    with deployed.app_context():
        document = db.session.scalar(
            select(IssuedDocument).where(IssuedDocument.instance_id == cases["21010001"])
        )
        document_id = document.id
    assert "沈阳市装备制造工程学校" in pdf_text(deployed, document_id)


def test_returned_for_correction_then_passed(deployed, api, clock):
    _open(deployed, clock)
    _assess(deployed, api, clock, enrolled_students=1100)
    city = api("city")
    complete(
        city,
        only_task(city, "市级初审")["id"],
        {"city_decision": "return", "city_reason": "在校生数与学籍系统不符"},
    )
    _assess(deployed, api, clock)
    _reviews(api)
    assert _kinds(deployed, _open_case(deployed)) == ["inspection_certificate"]


def _open_case(app) -> int:
    with app.app_context():
        return db.session.scalar(
            select(ProcessInstance.id).where(
                ProcessInstance.process_key == "annual_inspection",
                ProcessInstance.school_id
                == select(Organisation.id).where(Organisation.code == "21010001").scalar_subquery(),
            )
        )


def test_failed_then_rectified_in_time_then_passed(deployed, api, clock):
    cases, _ = _open(deployed, clock)
    _assess(
        deployed,
        api,
        clock,
        full_time_teachers=48,
        specialist_teachers=30,
        dual_qualified_teachers=10,
        senior_title_teachers=12,
    )
    _reviews(api)
    body = _data(api, cases["21010001"])
    assert body["data"]["grade"] == "不合格" and body["data"]["result"] == "整改中"
    assert _kinds(deployed, cases["21010001"]) == ["rectification_notice"]
    with deployed.app_context():
        notice = db.session.scalar(
            select(IssuedDocument.id).where(IssuedDocument.kind == "rectification_notice")
        )
    text = pdf_text(deployed, notice)
    assert "专任教师" in text and "整改期限" in text
    # no contact is set: the notice prints none rather than a placeholder
    assert "联系电话" not in text and "024-86900000" not in text
    report = only_task(api("school"), "提交整改报告")
    assert report["due_at"]  # 90 days, with reminders 30/7/1 days before
    items = [
        {"indicator": i["indicator"], "measure": "新招聘专任教师", "new_value": 62}
        for i in body["data"]["rectification_items"]
    ]
    complete(
        api("school"),
        report["id"],
        {
            "rectification_items": items,
            "rectification_summary": "已公开招聘专任教师并补充相关佐证材料",
            "rectification_evidence": [
                upload(api("school"), report["id"], "rectification_evidence")
            ],
        },
    )
    province = api("province")
    complete(
        province,
        only_task(province, "整改审核")["id"],
        {"rectification_decision": "reject", "rectification_review_reason": "佐证材料不足"},
    )
    again = only_task(api("school"), "提交整改报告")["id"]
    complete(
        api("school"),
        again,
        {
            "rectification_items": items,
            "rectification_summary": "补充了新聘教师的聘用合同和社保记录",
            "rectification_evidence": [upload(api("school"), again, "rectification_evidence")],
        },
    )
    complete(province, only_task(province, "整改审核")["id"], {"rectification_decision": "accept"})
    final = _data(api, cases["21010001"])
    assert final["status"] == "completed" and final["data"]["result"] == "整改后合格"
    assert _kinds(deployed, cases["21010001"]) == ["rectification_notice", "inspection_certificate"]
    assert _standing(deployed) == ""


def test_missed_deadlines_climb_the_sanction_ladder_and_stop_registration(deployed, api, clock):
    cases, _ = _open(deployed, clock)
    case = cases["21010001"]
    _assess(deployed, api, clock, enrolled_students=1000)
    _reviews(api)
    rungs = []
    for number in (1, 2, 3):
        clock.advance(timedelta(days=91))
        sweep(deployed, clock)
        province = api("province")
        decision = only_task(province, "拒不整改处理决定")
        proposed = _data(api, case)["data"]
        rungs.append(proposed["sanction_rung"])
        form = {
            "sanction_rung": proposed["sanction_rung"],
            "sanction_reason": "逾期未提交整改报告",
            "sanction_document_no": f"辽教职成〔2027〕{number}号",
        }
        if proposed["sanction_rung"] == "enrollment_cut":
            form["sanction_cut_percent"] = proposed["sanction_cut_percent"]
        complete(province, decision["id"], form)
        assert _standing(deployed) == proposed["sanction_rung"]
        if number == 2:
            refused = api("school").post(
                "/api/v1/processes/student_registration/instances", json={"data": {}}
            )
            assert (
                refused.status_code == 422
                and "暂停新生学籍注册" in refused.get_json()["message"]
                and "辽教职成〔2027〕2号" in refused.get_json()["message"]
            )
    assert rungs == ["enrollment_cut", "registration_suspended", "enrollment_stopped"]
    # 停止招生 is the last rung: no further deadline, but the school may still rectify
    assert _data(api, case)["status"] == "running"
    after_stop = only_task(api("school"), "提交整改报告（停止招生后）")
    assert after_stop["due_at"] is None
    clock.advance(timedelta(days=400))
    sweep(deployed, clock)
    assert [t["name"] for t in inbox(api("province"))] == []
    kinds = _kinds(deployed, case)
    assert kinds.count("sanction_decision") == 3 and kinds[0] == "rectification_notice"
    with deployed.app_context():
        cut = db.session.scalar(
            select(Organisation.enrollment_cut_percent).where(Organisation.code == "21010001")
        )
    assert cut == 20


def test_an_unapproved_branch_campus_loses_enrollment_rights_without_rectification(
    deployed, api, clock
):
    cases, _ = _open(deployed, clock)
    _assess(deployed, api, clock, unapproved_branch=True)
    _reviews(api)
    body = _data(api, cases["21010001"])
    assert body["data"]["grade"] == "取缔招生资格" and body["status"] == "completed"
    assert _kinds(deployed, cases["21010001"]) == ["sanction_decision"]
    assert _standing(deployed) == "enrollment_revoked"
    assert (
        api("school")
        .post("/api/v1/processes/student_registration/instances", json={"data": {}})
        .status_code
        == 422
    )


def test_rounds_are_opened_from_the_page_and_results_published_and_exported(
    deployed, api, login_as, clock
):
    from openpyxl import load_workbook

    province = login_as("province")
    bad = province.post(
        "/inspection/rounds",
        data={"year": "2026", "school_deadline": "15/01/2027", "result_date": "2027-05-31"},
    )
    assert (
        bad.status_code == 422
        and "请填写日期" in bad.get_data(as_text=True)
        and 'value="2026"' in bad.get_data(as_text=True)
    )
    assert login_as("school").post("/inspection/rounds", data={"year": "2026"}).status_code == 404
    opened = province.post(
        "/inspection/rounds",
        data={"year": "2026", "school_deadline": "2027-01-15", "result_date": "2027-05-31"},
    )
    assert opened.status_code == 302
    assert opened.headers["Location"].endswith("/inspection/rounds/2026/opening")
    waiting = province.get("/inspection/rounds/2026/opening").get_data(as_text=True)
    assert "剩余 <strong>4</strong> 所" in waiting and "继续发起下一批" in waiting
    progress = province.post(
        "/inspection/rounds/2026/batch", headers={"Accept": "application/json"}
    ).get_json()
    assert progress == {"started": 4, "skipped": 0, "total": 4, "remaining": 0}
    done = province.get("/inspection/rounds/2026/opening").get_data(as_text=True)
    assert "全部学校已处理完毕" in done
    _assess(deployed, api, clock)
    _reviews(api)
    page = province.get("/inspection/rounds/2026").get_data(as_text=True)
    assert "沈阳市装备制造工程学校" in page and "合格" in page and "大连电子学校" in page
    city_page = login_as("city2").get("/inspection/rounds/2026").get_data(as_text=True)
    assert "大连电子学校" in city_page and "沈阳市装备制造工程学校" not in city_page
    export = province.get("/inspection/rounds/2026/export.xlsx")
    sheet = load_workbook(io.BytesIO(export.data)).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=3)]
    assert ["沈阳市", "21010001", "沈阳市装备制造工程学校", "合格", "—", "正常"] in values
    assert len([v for v in values if v[0]]) == 4


def test_an_on_site_check_can_correct_the_grade(deployed, api, clock):
    cases, _ = _open(deployed, clock)
    _assess(deployed, api, clock)  # the school reports everything in order
    _reviews(api, decision="onsite_check")
    province = api("province")
    check = only_task(province, "现场核查")
    photo = upload(province, check["id"], "onsite_photos", "现场.jpg", JPG)
    complete(
        province,
        check["id"],
        {
            "onsite_date": "2026-03-02",
            "onsite_inspectors": "李处长、王科长",
            "onsite_findings": "实训设备实际价值明显低于自查报告所填",
            "onsite_photos": [photo],
            "onsite_grade": "基本合格",
        },
    )
    body = _data(api, cases["21010001"])
    assert body["data"]["grade"] == "基本合格" and body["data"]["result"] == "整改中"
    assert _kinds(deployed, cases["21010001"]) == ["rectification_notice"]


def test_the_notice_prints_the_contact_the_settings_page_names(deployed, api, login_as, clock):
    admin = login_as("admin")
    page = admin.get("/admin/settings").get_data(as_text=True)
    for label in ("文书联系处室", "文书联系人", "文书联系电话"):
        assert label in page
    refused = admin.post("/admin/settings", data={"inspection.contact_phone": "86900000x"})
    assert refused.status_code == 422 and "固定电话" in refused.get_data(as_text=True)
    saved = admin.post(
        "/admin/settings",
        data={"inspection.contact_person": "张明", "inspection.contact_phone": "024-23456789"},
    )
    assert saved.status_code == 302
    cases, _ = _open(deployed, clock)
    _assess(deployed, api, clock, enrolled_students=1000)
    _reviews(api)
    with deployed.app_context():
        notice = db.session.scalar(
            select(IssuedDocument.id).where(
                IssuedDocument.instance_id == cases["21010001"],
                IssuedDocument.kind == "rectification_notice",
            )
        )
    text = "".join(pdf_text(deployed, notice).split())
    assert "辽宁省教育厅职业教育与成人教育处，联系人：张明，联系电话：024-23456789。" in text
