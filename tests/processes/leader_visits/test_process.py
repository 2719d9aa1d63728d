"""Every path of the diagram, played by each actor: the school records visits through the API;
housekeeping opens the semester's cases (once); the reminder before the end names who is behind
(or stays silent when no one is); at the end a school on target closes, a school behind goes to
its city, which follows up; the 登记 loop's bound waits for the end. Each step is restored from
the database and saved again, so every path is also a save/restore round trip."""

from __future__ import annotations

from sqlalchemy import func, select

from scheduler.sweep import sweep
from tests.helpers import complete, inbox, only_task, start_with
from tests.processes.leader_visits.helpers import (
    FOLLOW_UP,
    ON_TARGET,
    at,
    class_visit,
    housekeeping,
    notifications_of,
    record,
    record_plan,
    record_task,
    site_visit,
)
from webapp.extensions import db

BEHIND = {"secretary": (7, 1), "principal": (10, 0), "teaching_vp": (10, 1)}


def _case(api, username="school") -> dict:
    task = record_task(api(username))
    return api(username).get(f"/api/v1/instances/{task['instance_id']}").get_json()


def test_housekeeping_opens_one_case_per_active_school_once(deployed, api, clock):
    from webapp.models import Organisation, ProcessInstance

    with deployed.app_context():
        closed = db.session.scalar(select(Organisation).where(Organisation.code == "21020001"))
        closed.active = False
        db.session.commit()
        schools = db.session.scalar(
            select(func.count()).where(Organisation.kind == "school", Organisation.active)
        )
    housekeeping(deployed, clock)
    housekeeping(deployed, clock)
    with deployed.app_context():
        cases = db.session.scalars(
            select(ProcessInstance).where(ProcessInstance.process_key == "leader_visits")
        ).all()
    assert len(cases) == schools
    case = _case(api)
    assert case["title"].startswith("2026年春季学期校领导听课与实习巡查－沈阳市装备制造工程学校")
    assert case["business_key"].startswith("TK-2026-")
    assert case["data"]["semester_end"] == "2026-07-10T23:59:59+08:00"
    assert case["data"]["reminder_at"] == "2026-06-10T09:00:00+08:00"
    assert (case["data"]["class_target"], case["data"]["site_target"]) == (10, 1)
    assert [i for i in inbox(api("school2")) if i["process"] == "leader_visits"] == []
    refused = api("school").post("/api/v1/processes/leader_visits/instances", json={"data": {}})
    assert refused.status_code == 422
    assert "学校不能自行发起" in refused.get_json()["message"]


def test_no_case_in_the_holidays(deployed, api, clock):
    clock.set(at("2026-08-15T10:00:00"))
    housekeeping(deployed, clock)
    assert [i for i in inbox(api("school")) if i["process"] == "leader_visits"] == []
    clock.set(at("2026-09-01T00:30:00"))  # the autumn semester's first day
    housekeeping(deployed, clock)
    assert _case(api)["data"]["semester"] == "2026-autumn"
    assert _case(api)["data"]["semester_last_day"] == "2027-01-20"


def test_on_target_the_reminder_is_silent_and_the_case_closes(deployed, api, clock):
    housekeeping(deployed, clock)
    record_plan(api("school"), ON_TARGET)
    assert _case(api)["data"]["visits_recorded"] == 33
    clock.set(at("2026-06-10T09:00:01"))
    assert sweep(deployed, clock).failed == 0
    assert not [t for t in notifications_of(deployed, "school") if "尚未达到" in t]
    case_id = record_task(api("school"))["instance_id"]
    clock.set(at("2026-07-11T00:00:01"))
    assert sweep(deployed, clock).failed == 0
    body = api("school").get(f"/api/v1/instances/{case_id}").get_json()
    assert body["status"] == "completed"
    assert body["data"]["shortfall"] == "" and body["data"]["short"] is False
    assert [i for i in inbox(api("city")) if i["instance_id"] == case_id] == []
    assert inbox(api("school")) == []


def test_behind_the_school_is_reminded_and_the_city_follows_up(deployed, api, clock):
    housekeeping(deployed, clock)
    record_plan(api("school"), BEHIND)
    record_plan(api("school2"), ON_TARGET)
    clock.set(at("2026-06-10T09:00:01"))
    assert sweep(deployed, clock).failed == 0
    reminders = [t for t in notifications_of(deployed, "school") if "尚未达到" in t]
    assert reminders == [
        "2026年春季学期将于 2026-07-10 结束，以下校领导尚未达到听课和检查实习单位要求："
        "书记听课差 3 节（已 7 节，应 10 节）；校长检查实习单位差 1 次（已 0 次，应 1 次）。"
        "请尽快安排并登记（省《意见》第十四条）。"
    ]
    assert not [t for t in notifications_of(deployed, "school2") if "尚未达到" in t]
    # a visit after the reminder still counts; the reminder is not sent again
    record(api("school"), site_visit("principal", "2026-06-10"))
    clock.set(at("2026-07-11T00:00:01"))
    assert sweep(deployed, clock).failed == 0
    assert len([t for t in notifications_of(deployed, "school") if "尚未达到" in t]) == 1
    follow_ups = [i for i in inbox(api("city")) if i["name"] == FOLLOW_UP]
    follow_up = next(i for i in follow_ups if i["school"] == "沈阳市装备制造工程学校")
    assert {i["city"] for i in inbox(api("city2"))} == {"大连市"}  # its own schools only
    case = api("city").get(f"/api/v1/instances/{follow_up['instance_id']}").get_json()
    assert case["data"]["shortfall"] == "书记听课差 3 节（已 7 节，应 10 节）"
    assert inbox(api("school")) == []  # the register closed at the end
    complete(api("city"), follow_up["id"], {"follow_up_action": "已约谈书记，下学期补足"})
    body = api("city").get(f"/api/v1/instances/{follow_up['instance_id']}").get_json()
    assert body["status"] == "completed"


def test_the_follow_up_is_due_the_set_days_after_the_end(deployed, api, clock):
    from datetime import UTC

    housekeeping(deployed, clock)
    clock.set(at("2026-07-11T00:00:01"))
    sweep(deployed, clock)
    follow_up = next(i for i in inbox(api("city")) if i["school"] == "沈阳市装备制造工程学校")
    assert follow_up["name"] == FOLLOW_UP
    assert follow_up["due_at"] == at("2026-08-09T23:59:59").astimezone(UTC).isoformat()


def test_the_register_loop_is_bounded(deployed, api, clock):
    from tests.processes.leader_visits.helpers import RECORD

    with deployed.app_context():
        from webapp.models import Organisation
        from webapp.processes.leader_visits.rules import semester_on
        from webapp.processes.leader_visits.rules.semesters import DEFAULT_DATES
        from webapp.processes.leader_visits.semester_cases import case_data

        school = db.session.scalar(select(Organisation).where(Organisation.code == "21010001"))
        data = case_data(school, semester_on(clock.now().date(), DEFAULT_DATES)) | {"visit_cap": 2}
    case_id = start_with(deployed, "leader_visits", "school", data)
    record(api("school"), class_visit("secretary"))
    record(api("school"), class_visit("secretary"))
    assert [i for i in inbox(api("school")) if i["name"] == RECORD] == []
    body = api("school").get(f"/api/v1/instances/{case_id}").get_json()
    assert body["status"] == "running" and body["data"]["visits_recorded"] == 2
    clock.set(at("2026-07-11T00:00:01"))
    assert sweep(deployed, clock).failed == 0
    follow_up = only_task(api("city"), FOLLOW_UP)
    assert follow_up["instance_id"] == case_id
    case = api("city").get(f"/api/v1/instances/{case_id}").get_json()
    assert case["data"]["shortfall"].startswith("书记听课差 8 节（已 2 节，应 10 节）")


def test_a_long_semester_of_visits_stays_within_the_engine(deployed, api, clock):
    """The cap's 150 visits run without reaching the task tree's depth guard (a loop past it
    would stop the case with a script error); then the register waits for the end."""
    housekeeping(deployed, clock)
    for number in range(150):
        record(api("school"), class_visit(("secretary", "principal", "teaching_vp")[number % 3]))
    with deployed.app_context():
        from webapp.models import ProcessInstance

        case = db.session.scalar(
            select(ProcessInstance).where(
                ProcessInstance.process_key == "leader_visits",
                ProcessInstance.school.has(code="21010001"),
            )
        )
        case_id, status, data = case.id, case.status, case.data
    assert status == "running" and data["visits_recorded"] == 150
    assert [i for i in inbox(api("school")) if i["instance_id"] == case_id] == []
    clock.set(at("2026-07-11T00:00:01"))
    assert sweep(deployed, clock).failed == 0
    body = api("school").get(f"/api/v1/instances/{case_id}").get_json()
    assert body["status"] == "running"  # short of sites: the city follows up
    assert body["data"]["shortfall"] == (
        "书记检查实习单位差 1 次（已 0 次，应 1 次）；校长检查实习单位差 1 次（已 0 次，应 1 次）；"
        "分管教学副校长检查实习单位差 1 次（已 0 次，应 1 次）"
    )


def test_the_register_is_announced_once_not_after_every_visit(deployed, api, clock):
    from webapp.services.auth import create_user

    with deployed.app_context():
        create_user(
            "school_b",
            "Demo@2026",
            "school_staff",
            "21010001",
            clock,
            "教务处 李老师",
            "pbkdf2:sha256:1000",
        )
        db.session.commit()
    housekeeping(deployed, clock)
    announced = [t for t in notifications_of(deployed, "school_b") if t.startswith("新待办")]
    assert len(announced) == 1 and "登记校领导听课与实习巡查" in announced[0]
    record(api("school"), class_visit("principal"))
    record(api("school"), site_visit("principal"))
    assert [
        t for t in notifications_of(deployed, "school_b") if t.startswith("新待办")
    ] == announced
    assert record_task(api("school_b"))["instance_id"]  # the register is still theirs too
