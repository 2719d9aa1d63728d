"""The city's other answers (return for correction, reject), the school's withdrawal, the
limit on returns, the checks at the start, and an approval the registry no longer matches."""

from __future__ import annotations

from sqlalchemy import select

from tests.helpers import complete, inbox, only_task, upload
from webapp.extensions import db

from .conftest import registration, student
from .helpers import case_of, review, start, submit

CITY_REVIEW = "市教育局核准学籍异动：{}"
CORRECT = "补正学籍异动材料：{}"


def test_returned_corrected_and_approved(registry, api):
    case = start(api, "赵一", "withdraw")
    submit(api, case)
    task = only_task(api("city"), CITY_REVIEW.format("赵一"))
    bare = complete(api("city"), task["id"], {"city_decision": "return"}, status=422)
    assert "city_opinion" in bare["fields"]
    complete(
        api("city"),
        task["id"],
        {"city_decision": "return", "city_opinion": "请补充监护人签字的退学申请"},
    )
    fix = only_task(api("school"), CORRECT.format("赵一"))
    assert fix["due_at"] == "2026-10-26T15:59:59+00:00"
    evidence = [upload(api("school"), fix["id"], "evidence", "退学申请（监护人签字）.pdf")]
    complete(api("school"), fix["id"], {
        "correction_action": "resubmit", "effective_on": "2026-10-12",
        "reason": "学生本人申请退学，监护人已签字同意", "evidence": evidence,
    })  # fmt: skip
    review(api, "city", CITY_REVIEW.format("赵一"), city_decision="approve")
    body = case_of(api, case["id"])
    assert body["data"]["returns"] == 1 and body["data"]["outcome"] == "approved"
    assert registration(registry, "赵一")["status"] == "退学"


def test_the_school_may_withdraw_a_returned_change(registry, api):
    case = start(api, "赵一", "suspend")
    submit(api, case)
    review(
        api, "city", CITY_REVIEW.format("赵一"), city_decision="return", city_opinion="学生类型填错"
    )
    review(api, "school", CORRECT.format("赵一"), correction_action="withdraw")
    body = case_of(api, case["id"])
    assert body["status"] == "completed" and body["data"]["outcome"] == "withdrawn"
    assert registration(registry, "赵一")["status"] == "在籍在校"
    start(api, "赵一", "withdraw")  # the student is free for another change


def test_rejected_changes_leave_the_registry_alone(registry, api):
    case = start(api, "孙三", "cancel")
    submit(api, case)
    review(
        api,
        "city",
        CITY_REVIEW.format("孙三"),
        city_decision="reject",
        city_opinion="不符合注销条件",
    )
    assert case_of(api, case["id"])["data"]["outcome"] == "rejected"
    assert registration(registry, "孙三")["status"] == "在籍在校"


def test_a_change_is_returned_at_most_five_times(registry, api):
    case = start(api, "赵一", "suspend")
    submit(api, case)
    for _ in range(5):
        review(
            api,
            "city",
            CITY_REVIEW.format("赵一"),
            city_decision="return",
            city_opinion="请补充材料",
        )
        fix = only_task(api("school"), CORRECT.format("赵一"))
        evidence = [upload(api("school"), fix["id"], "evidence")]
        complete(api("school"), fix["id"], {
            "correction_action": "resubmit", "effective_on": "2026-10-12",
            "reason": "已补充医院证明", "evidence": evidence,
        })  # fmt: skip
    refused = review(
        api,
        "city",
        CITY_REVIEW.format("赵一"),
        status=422,
        city_decision="return",
        city_opinion="请补充材料",
    )
    assert refused["fields"]["city_decision"].startswith("本次异动已退回补正 5 次，不能再退回")


def test_the_start_checks_the_student_against_the_registry(registry, api):
    unknown = start(api, "赵一", "suspend", status=422, student_no="G000")
    assert unknown["fields"]["student_no"].startswith("本校中职学籍中没有学籍号为 G000")
    renamed = start(api, "赵一", "suspend", status=422, student_name="赵壹")
    assert renamed["fields"]["student_name"] == "学籍中该学生的姓名为“赵一”，请核对"
    on_leave = start(api, "钱二", "suspend", status=422)
    assert on_leave["fields"]["change_type"].startswith("该学生的学籍状态为“休学”，不能办理“休学”")
    left = start(api, "周五", "resume", status=422)
    assert "须为“休学”" in left["fields"]["change_type"]
    wrong_id = start(
        api, "赵一", "suspend", status=422, id_number=student("赵一")["id_number"][:-1] + "0"
    )
    assert "校验位不正确" in wrong_id["fields"]["id_number"]


def test_one_change_of_a_student_at_a_time(registry, api):
    first = start(api, "赵一", "suspend")
    again = start(api, "赵一", "withdraw", status=422)
    assert (
        again["fields"]["id_number"]
        == f"该学生已有未办结的学籍异动“{first['title']}”，请待其办结后再登记"
    )


def test_a_change_is_recorded_once_it_has_happened(registry, api):
    case = start(api, "赵一", "death")
    refused = submit(api, case, status=422, effective_on="2026-10-13")
    assert (
        refused["fields"]["effective_on"]
        == "死亡日期不能晚于今天（2026-10-12）：请在异动发生后登记"
    )
    ahead = start(api, "孙三", "suspend")
    later = submit(api, ahead, status=422, effective_on="2027-02-01")
    assert later["fields"]["effective_on"].startswith("休学日期不能晚于今天")
    submit(api, ahead, effective_on="2026-10-12")


def test_an_approval_the_registry_no_longer_matches_changes_nothing(registry, api):
    from webapp.student_registry.models import RegistryChange, RegistryStudent

    case = start(api, "赵一", "suspend")
    submit(api, case)
    with registry.app_context():  # a newer export arrived meanwhile: the student has left
        row = db.session.scalar(select(RegistryStudent).where(RegistryStudent.name == "赵一"))
        row.status = "退学"
        db.session.commit()
    review(api, "city", CITY_REVIEW.format("赵一"), city_decision="approve")
    assert registration(registry, "赵一")["status"] == "退学"
    with registry.app_context():
        change = db.session.scalar(
            select(RegistryChange).where(RegistryChange.instance_id == case["id"])
        )
        assert change.note.startswith("学籍状态已变为“退学”，未能办理“休学”")
    page = api("school").get(f"/api/v1/instances/{case['id']}").get_json()
    assert page["data"]["outcome"] == "approved"


def test_other_schools_and_cities_see_nothing(registry, api):
    case = start(api, "赵一", "suspend")
    submit(api, case)
    assert api("school2").get(f"/api/v1/instances/{case['id']}").status_code == 404
    assert inbox(api("city2")) == [] and inbox(api("school2")) == []
    task = only_task(api("city"), CITY_REVIEW.format("赵一"))
    other = complete(api("city2"), task["id"], {"city_decision": "approve"}, status=404)
    assert other["message"]


def test_an_overdue_approval_is_on_the_supervisors_dashboard_and_export(
    registry, api, clock, login_as
):
    from datetime import timedelta

    from tests.supervision.conftest import read_xlsx

    case = start(api, "赵一", "suspend")
    submit(api, case)
    clock.set(clock.now() + timedelta(days=20))  # past the 10 working days
    supervisor = login_as("supervisor")
    html = supervisor.get("/supervision/").get_data(as_text=True)
    assert "市教育局核准学籍异动：赵一" in html
    _title, _headers, rows, _sheet = read_xlsx(supervisor.get("/supervision/export.xlsx").data)
    row = next(r for r in rows if "市教育局核准学籍异动：赵一" in r)
    assert "沈阳市装备制造工程学校" in row and case["business_key"] in " ".join(map(str, row))
    assert "市教育局核准学籍异动：赵一" not in login_as("city2").get("/supervision/").get_data(
        as_text=True
    )
