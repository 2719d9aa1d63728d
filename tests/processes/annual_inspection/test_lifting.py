"""Lifting a sanction (解除处理决定): a school on the sanction ladder that later rectifies gets its
standing back once the province lifts the decisions, with a decision PDF and the standing's
history. Every path of the changed part of the diagram, each actor in turn; every step restores
the case from the database and saves it again, and `round_trip` adds an explicit engine
save/restore before the province decides, which must change nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from scheduler.sweep import sweep
from tests.helpers import complete, inbox, only_task, pdf_text, upload
from tests.processes.annual_inspection.test_process import (
    _assess,
    _data,
    _kinds,
    _open,
    _reviews,
    _standing,
)
from webapp.extensions import db
from webapp.models import Event, IssuedDocument, ProcessInstance

REGISTER = "/api/v1/processes/student_registration/instances"
LIFT = "解除处理决定"


def _miss_deadlines(app, api, clock, case: int, rungs: int) -> None:
    """Let the rectification deadline pass `rungs` times; the province decides each rung."""
    for number in range(1, rungs + 1):
        clock.advance(timedelta(days=91))
        assert sweep(app, clock).failed == 0
        province = api("province")
        decision = only_task(province, "拒不整改处理决定")
        form = {
            "sanction_rung": _data(api, case)["data"]["sanction_rung"],
            "sanction_reason": "逾期未提交整改报告",
            "sanction_document_no": f"辽教职成〔2027〕{number}号",
        }
        if form["sanction_rung"] == "enrollment_cut":
            form["sanction_cut_percent"] = 20
        complete(province, decision["id"], form)


def _report(api, task_name: str = "提交整改报告") -> None:
    school = api("school")
    task = only_task(school, task_name)
    complete(
        school,
        task["id"],
        {
            "rectification_items": [
                {
                    "indicator": "enrolled_students",
                    "measure": "扩大招生并核实学籍",
                    "new_value": 1250,
                }
            ],
            "rectification_summary": "已按整改通知书逐项整改，在校生达到标准",
            "rectification_evidence": [upload(school, task["id"], "rectification_evidence")],
        },
    )


def _review(api, decision: str) -> None:
    province = api("province")
    extra = {} if decision == "accept" else {"rectification_review_reason": "佐证材料不足"}
    complete(
        province,
        only_task(province, "整改审核")["id"],
        {"rectification_decision": decision, **extra},
    )


def _round_trip(app, case: int, clock) -> None:
    """Restore the case's engine state from the database and save it again."""
    from webapp.services import runs

    with app.app_context():
        instance = db.session.get(ProcessInstance, case)
        before = (
            instance.data,
            sorted(t.spec_id for t in runs.restore(instance, clock).ready_user_tasks()),
        )
        runs.save(instance, runs.restore(instance, clock), clock)
        db.session.commit()
        instance = db.session.get(ProcessInstance, case)
        after = (
            instance.data,
            sorted(t.spec_id for t in runs.restore(instance, clock).ready_user_tasks()),
        )
    assert before == after


def _standing_history(app, case: int) -> list[tuple[str, str]]:
    with app.app_context():
        events = db.session.scalars(
            select(Event)
            .where(Event.instance_id == case, Event.action == "school_standing_changed")
            .order_by(Event.id)
        ).all()
        return [(e.before["standing"], e.after["standing"]) for e in events]


def _may_register(api) -> int:
    return api("school").post(REGISTER, json={"data": {}}).status_code


@pytest.mark.parametrize("round_trip", [False, True], ids=["straight", "round_trip"])
def test_a_suspended_school_that_rectifies_is_lifted_and_may_register_again(
    deployed, api, login_as, clock, round_trip
):
    cases, _ = _open(deployed, clock)
    case = cases["21010001"]
    _assess(deployed, api, clock, enrolled_students=1000)
    _reviews(api)
    _miss_deadlines(deployed, api, clock, case, 2)
    assert _standing(deployed) == "registration_suspended"
    assert _may_register(api) == 422
    # the school rectifies: a report refused, then one accepted
    _report(api)
    _review(api, "reject")
    _report(api)
    _review(api, "accept")
    body = _data(api, case)
    assert body["status"] == "running" and body["data"]["result"] == "整改后合格"
    assert _standing(deployed) == "registration_suspended"  # only the province lifts it
    assert [t["name"] for t in inbox(api("school"))] == []
    assert [t["name"] for t in inbox(api("city"))] == []
    task = only_task(api("province"), LIFT)
    assert task["due_at"]  # 10 working days
    if round_trip:
        _round_trip(deployed, case, clock)
    page = login_as("province").get(f"/tasks/{task['id']}").get_data(as_text=True)
    assert "解除理由" in page and "决定文号" in page
    refused = complete(api("province"), task["id"], {"lift_reason": "好"}, status=422)
    assert set(refused["fields"]) >= {"lift_reason", "lift_document_no"}
    complete(
        api("province"),
        task["id"],
        {
            "lift_reason": "学校已逐项整改到位，经复核验收合格",
            "lift_document_no": "辽教职成〔2027〕9号",
        },
    )
    body = _data(api, case)
    assert body["status"] == "completed"
    assert body["data"]["current_standing"] == ""
    assert body["data"]["sanction_lifted"]["lifted_standing"] == "registration_suspended"
    assert _standing(deployed) == ""
    assert _may_register(api) == 201
    assert _kinds(deployed, case) == [
        "rectification_notice",
        "sanction_decision",
        "sanction_decision",
        "inspection_certificate",
        "sanction_lift",
    ]
    assert _standing_history(deployed, case) == [
        ("", "enrollment_cut"),
        ("enrollment_cut", "registration_suspended"),
        ("registration_suspended", ""),
    ]
    with deployed.app_context():
        lift = db.session.scalar(
            select(IssuedDocument).where(
                IssuedDocument.instance_id == case, IssuedDocument.kind == "sanction_lift"
            )
        )
        lift_id, lift_number, label = lift.id, lift.doc_number, lift.kind_label
    assert lift_number == "辽教职成〔2027〕9号" and label == "解除处理决定"
    text = "".join(pdf_text(deployed, lift_id).split())
    for expected in (
        "辽宁省教育厅文件",
        "辽教职成〔2027〕9号",
        "关于解除对沈阳市装备制造工程学校2026年度办学资质年检处理的决定",
        "1.缩减招生计划20%（辽教职成〔2027〕1号",
        "2.暂停新生学籍注册（辽教职成〔2027〕2号",
        "年度办学资质年检结论改为合格",
        "解除上述处理决定，你校办学状态恢复正常。",
        "招生计划按正常程序安排，新生学籍注册恢复办理。",
        "抄送：沈阳市教育局。",
    ):
        assert expected in text, expected
    history = login_as("school").get(f"/instances/{case}").get_data(as_text=True)
    assert "办学状态变更" in history and "解除处理决定" in history


def test_a_school_that_reached_stop_enrollment_can_still_rectify_and_be_lifted(
    deployed, api, clock
):
    cases, _ = _open(deployed, clock)
    case = cases["21010001"]
    _assess(deployed, api, clock, enrolled_students=1000)
    _reviews(api)
    _miss_deadlines(deployed, api, clock, case, 3)
    assert _standing(deployed) == "enrollment_stopped"
    clock.advance(timedelta(days=200))  # no further rung: it takes the school as long as it takes
    sweep(deployed, clock)
    _report(api, "提交整改报告（停止招生后）")
    _review(api, "reject")
    _report(api, "提交整改报告（停止招生后）")  # back to the same step, still without a deadline
    _review(api, "accept")
    complete(
        api("province"),
        only_task(api("province"), LIFT)["id"],
        {"lift_reason": "学校整改到位，经复核验收合格", "lift_document_no": "辽教职成〔2028〕3号"},
    )
    assert _data(api, case)["status"] == "completed"
    assert _standing(deployed) == "" and _may_register(api) == 201
    assert _standing_history(deployed, case)[-1] == ("enrollment_stopped", "")
    with deployed.app_context():
        cut = db.session.scalar(
            select(IssuedDocument.id).where(IssuedDocument.kind == "sanction_lift")
        )
    text = "".join(pdf_text(deployed, cut).split())
    assert "3.停止招生（辽教职成〔2027〕3号" in text


def test_a_school_rectified_without_a_sanction_gets_no_lifting_step(deployed, api, clock):
    cases, _ = _open(deployed, clock)
    _assess(deployed, api, clock, enrolled_students=1000)
    _reviews(api)
    _report(api)
    _review(api, "accept")
    assert _data(api, cases["21010001"])["status"] == "completed"
    assert inbox(api("province")) == []
    assert _kinds(deployed, cases["21010001"]) == ["rectification_notice", "inspection_certificate"]
    assert _standing_history(deployed, cases["21010001"]) == []


def test_lifting_leaves_a_standing_another_decision_set_since(deployed, api, clock):
    """A later decision (another case, say 取缔招生资格) is not this case's to lift."""
    from webapp.models import Organisation

    cases, _ = _open(deployed, clock)
    _assess(deployed, api, clock, enrolled_students=1000)
    _reviews(api)
    _miss_deadlines(deployed, api, clock, cases["21010001"], 1)
    _report(api)
    _review(api, "accept")
    with deployed.app_context():
        school = db.session.scalar(select(Organisation).where(Organisation.code == "21010001"))
        school.standing = "enrollment_revoked"
        db.session.commit()
    complete(
        api("province"),
        only_task(api("province"), LIFT)["id"],
        {"lift_reason": "学校整改到位，经复核验收合格", "lift_document_no": "辽教职成〔2027〕5号"},
    )
    assert _standing(deployed) == "enrollment_revoked"
    assert "sanction_lift" in _kinds(deployed, cases["21010001"])
