"""A step a timer takes away after its deadline stays before the supervisors as 逾期未办 — since
when, where the case is now, its next deadline — until it is made good, and the school's city
and province supervisors are told when it happens (issue 13)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from tests.helpers import complete, inbox, only_task, start_with
from webapp.extensions import db


def _rows(api) -> list[dict]:
    body = api("supervisor").get("/api/v1/supervision/deadlines").get_json()
    return body["items"]


def _titles(api, username: str) -> list[str]:
    return [n["title"] for n in api(username).get("/api/v1/notifications").get_json()["items"]]


def test_a_missed_report_stays_overdue_until_the_school_sends_it(
    deploy_diagrams, sweep, api, clock, login_as
):
    app = deploy_diagrams("missed_report.bpmn")
    case_id = start_with(app, "missed_report", "school", {})
    first_due = only_task(api("school"), "提交报告")["due_at"]
    clock.advance(timedelta(days=7, seconds=1))
    assert sweep().failed == 0
    assert inbox(api("school")) == []  # the timer took the step away
    province = api("province")
    decide = only_task(province, "逾期处理决定")
    [row] = _rows(api)
    assert row["task"] == "提交报告" and row["missed"] is True and row["state"] == "overdue"
    assert row["due_at"] == first_due and row["now_step"] == "逾期处理决定"
    assert any(
        "督办：沈阳市装备制造工程学校“提交报告”" in t and "逾期未办" in t
        for t in _titles(api, "supervisor")
    )
    assert any(t.startswith("已逾期：“提交报告”") for t in _titles(api, "school"))
    history = api("province").get(f"/api/v1/instances/{case_id}").get_json()["history"]
    assert "deadline_missed" in [event["action"] for event in history]
    # The province decides; the school gets the step again with a new deadline, and the miss
    # is still shown, now with that deadline as the case's next one.
    complete(province, decide["id"], {"note": "限期 7 日补交"})
    again = only_task(api("school"), "提交报告")
    rows = {r["missed"]: r for r in _rows(api)}
    assert rows[True]["next_due_date"] == again["due_at"][:10]
    assert rows[True]["now_step"] == "提交报告" and rows[False]["state"] != "overdue"
    page = login_as("supervisor").get("/supervision/").get_data(as_text=True)
    assert "逾期未办" in page and "现处：提交报告" in page
    complete(api("school"), again["id"], {"note": "补交报告"})
    assert [r["task"] for r in _rows(api)] == []  # made good: the same step done
    complete(province, only_task(province, "报告审核")["id"], {"note": "accept"})


def test_a_case_that_ends_closes_its_misses(deploy_diagrams, sweep, api, clock):
    from webapp.models import ProcessInstance, WorkItem
    from webapp.services import missed

    app = deploy_diagrams("missed_report.bpmn")
    case_id = start_with(app, "missed_report", "school", {})
    clock.advance(timedelta(days=7, seconds=1))
    sweep()
    with app.app_context():
        instance = db.session.get(ProcessInstance, case_id)
        instance.status = "terminated"
        missed.resolve(instance, clock)
        db.session.commit()
        statuses = db.session.scalars(
            select(WorkItem.status).where(WorkItem.spec_id == "submit_report")
        ).all()
    assert statuses == ["missed_closed"]
    assert _rows(api) == []
