"""新生学籍注册: the set working days from enrollment (policy §9; registration.working_days),
capped at 20 Nov / 20 Apr (the national electronic-registration rules); on time, late with the
supervisor following up, refused batches, and a provisional deadline in 2027. Each step is
restored from the database and saved again, so every path is also a save/restore round trip."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import chinese_calendar
import pytest

from scheduler.sweep import sweep
from tests.helpers import complete, inbox, new_students, only_task
from webapp.extensions import db
from webapp.sources import REGISTRATION_RULES

SHANGHAI = ZoneInfo("Asia/Shanghai")


def _at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=SHANGHAI)


def _nth_working_day_after(start: date, n: int) -> date:
    day = start
    while n:
        day += timedelta(days=1)
        n -= chinese_calendar.is_workday(day)
    return day


def _record(
    api, clock, enrolled_on: str, intake: str = "autumn", count: int = 120
) -> tuple[dict, dict]:
    school = api("school")
    started = school.post(
        "/api/v1/processes/student_registration/instances", json={"data": {}}
    ).get_json()
    complete(
        school,
        started["tasks"][0]["id"],
        {
            "intake": intake,
            "enrolled_on": enrolled_on,
            "student_count": count,
            "students": new_students(count),
        },
    )
    return started, only_task(school, "确认学籍注册")


def test_on_time_registration(deployed, api, clock):
    clock.set(_at("2026-09-02T10:00:00"))
    started, task = _record(api, clock, "2026-09-01")
    deadline = _nth_working_day_after(date(2026, 9, 1), 20)
    assert task["due_at"] == _at(f"{deadline}T23:59:59").astimezone(UTC).isoformat()
    assert deadline == date(2026, 9, 29)
    complete(api("school"), task["id"], {"registered_count": 120, "registration_confirmed": True})
    body = api("school").get(f"/api/v1/instances/{started['id']}").get_json()
    assert body["status"] == "completed"
    assert body["data"]["registration_deadline"] == f"{deadline}T23:59:59+08:00"
    assert inbox(api("supervisor")) == []


def test_the_fixed_date_caps_a_late_autumn_batch(deployed, api, clock):
    clock.set(_at("2026-11-03T10:00:00"))
    _, task = _record(api, clock, "2026-11-02")
    assert task["due_at"] == _at("2026-11-20T23:59:59").astimezone(UTC).isoformat()


def test_missed_deadline_goes_to_the_supervisor_and_closes_when_the_school_registers(
    deployed, api, clock, login_as
):
    clock.set(_at("2026-09-02T10:00:00"))
    started, task = _record(api, clock, "2026-09-01")
    deadline = _at(f"{_nth_working_day_after(date(2026, 9, 1), 20)}T23:59:59")
    clock.set(deadline.astimezone(UTC) + timedelta(seconds=1))
    assert sweep(deployed, clock).failed == 0
    supervisor = api("supervisor")
    follow_up = only_task(supervisor, "督办：学籍注册逾期")
    assert follow_up["school"] == "沈阳市装备制造工程学校"
    late = only_task(api("school"), "确认学籍注册")
    assert late["overdue"] is True and late["id"] == task["id"]
    page = login_as("supervisor").get("/supervision/").get_data(as_text=True)
    assert "确认学籍注册" in page and "已逾期" in page
    complete(supervisor, follow_up["id"], {"follow_up_action": "已电话督促学校三日内完成注册"})
    complete(
        api("school"),
        task["id"],
        {
            "registered_count": 118,
            "registration_confirmed": True,
            "registration_note": "2 人未报到",
        },
    )
    body = api("school").get(f"/api/v1/instances/{started['id']}").get_json()
    assert body["status"] == "completed"


def test_school_registering_first_cancels_the_supervisors_follow_up(deployed, api, clock):
    clock.set(_at("2026-11-03T10:00:00"))
    started, task = _record(api, clock, "2026-11-02")
    clock.set(_at("2026-11-21T08:00:00"))
    sweep(deployed, clock)
    assert [t["name"] for t in inbox(api("supervisor"))] == ["督办：学籍注册逾期"]
    complete(api("school"), task["id"], {"registered_count": 120, "registration_confirmed": True})
    assert inbox(api("supervisor")) == []
    assert (
        api("school").get(f"/api/v1/instances/{started['id']}").get_json()["status"] == "completed"
    )


def test_the_working_days_setting_moves_the_deadline(deployed, api, clock, login_as):
    admin = login_as("admin")
    page = admin.get("/admin/settings").get_data(as_text=True)
    assert "新生电子学籍建档期限" in page and "第九条" in page
    changed = admin.post("/admin/settings", data={"registration.working_days": "10"})
    assert changed.status_code == 302
    clock.set(_at("2026-09-02T10:00:00"))
    started, task = _record(api, clock, "2026-09-01")
    deadline = _nth_working_day_after(date(2026, 9, 1), 10)
    assert deadline == date(2026, 9, 15)
    assert task["due_at"] == _at(f"{deadline}T23:59:59").astimezone(UTC).isoformat()
    body = api("school").get(f"/api/v1/instances/{started['id']}").get_json()
    assert body["data"]["registration_working_days"] == 10
    # the cap still wins over a long period: 60 working days from 2 Nov end after 20 Nov
    admin.post("/admin/settings", data={"registration.working_days": "60"})
    clock.set(_at("2026-11-03T10:00:00"))
    school = api("school")
    second = school.post(
        "/api/v1/processes/student_registration/instances", json={"data": {}}
    ).get_json()
    complete(
        school,
        second["tasks"][0]["id"],
        {
            "intake": "autumn",
            "enrolled_on": "2026-11-02",
            "student_count": 30,
            "students": new_students(30),
        },
    )
    due = [t for t in inbox(school) if t["name"] == "确认学籍注册" and t["id"] != task["id"]]
    assert due[0]["due_at"] == _at("2026-11-20T23:59:59").astimezone(UTC).isoformat()


def test_a_batch_started_before_a_change_keeps_its_period(deployed, api, clock):
    from webapp.settings_store import service as settings

    clock.set(_at("2026-09-02T10:00:00"))
    school = api("school")
    started = school.post(
        "/api/v1/processes/student_registration/instances", json={"data": {}}
    ).get_json()
    with deployed.app_context():
        assert settings.set_values({"registration.working_days": 5}, None, clock) == {}
        db.session.commit()
    complete(
        school,
        started["tasks"][0]["id"],
        {
            "intake": "autumn",
            "enrolled_on": "2026-09-01",
            "student_count": 30,
            "students": new_students(30),
        },
    )
    deadline = _nth_working_day_after(date(2026, 9, 1), 20)
    task = only_task(school, "确认学籍注册")
    assert task["due_at"] == _at(f"{deadline}T23:59:59").astimezone(UTC).isoformat()


@pytest.mark.parametrize(
    ("enrolled_on", "intake", "message"),
    [
        ("2026-09-10", "autumn", "晚于今天"),
        ("2026-11-25", "autumn", "须在 11 月 20 日前注册"),
        ("2026-05-06", "spring", "须在 4 月 20 日前注册"),
    ],
)
def test_batches_that_cannot_be_registered_in_time_are_refused(
    deployed, api, clock, enrolled_on, intake, message
):
    clock.set(
        _at("2026-12-01T10:00:00") if enrolled_on != "2026-09-10" else _at("2026-09-02T10:00:00")
    )
    school = api("school")
    started = school.post(
        "/api/v1/processes/student_registration/instances", json={"data": {}}
    ).get_json()
    body = complete(
        school,
        started["tasks"][0]["id"],
        {
            "intake": intake,
            "enrolled_on": enrolled_on,
            "student_count": 30,
            "students": new_students(30),
        },
        status=422,
    )
    assert message in body["fields"]["enrolled_on"]
    if "前注册" in message:  # the fixed dates come from the registration rules, not the policy
        assert body["fields"]["enrolled_on"].endswith(f"（{REGISTRATION_RULES}）")
        assert "意见" not in body["fields"]["enrolled_on"]
    assert only_task(school, "登记入学批次")["id"] == started["tasks"][0]["id"]


def test_confirmation_needs_the_tick(deployed, api, clock, login_as):
    clock.set(_at("2026-09-02T10:00:00"))
    _, task = _record(api, clock, "2026-09-01")
    page = login_as("school").post(f"/tasks/{task['id']}", data={"registered_count": "120"})
    assert page.status_code == 422
    assert "请勾选“本批新生已全部完成电子学籍注册”" in page.get_data(as_text=True)


def test_a_2027_spring_batch_has_a_provisional_deadline(deployed, api, clock, login_as):
    clock.set(_at("2027-03-02T10:00:00"))
    _, task = _record(api, clock, "2027-03-01", intake="spring")
    assert task["due_at"].startswith(
        "2027-03-29"
    )  # weekdays only until the 2027 calendar is entered
    page = login_as("supervisor").get("/supervision/").get_data(as_text=True)
    assert "暂定" in page
    assert "（暂定）" in login_as("school").get("/inbox").get_data(as_text=True)


def test_a_school_whose_registration_is_suspended_cannot_record_a_batch(deployed, api, clock):
    from webapp.extensions import db
    from webapp.models import Organisation

    with deployed.app_context():
        school = db.session.query(Organisation).filter_by(code="21010001").one()
        school.standing = "registration_suspended"
        school.standing_since = _at("2027-01-05T10:00:00").astimezone(UTC)
        school.standing_basis = "2026 年度办学资质年检拒不整改，辽教职成〔2027〕3号"
        db.session.commit()
    refused = api("school").post(
        "/api/v1/processes/student_registration/instances", json={"data": {}}
    )
    assert refused.status_code == 422
    message = refused.get_json()["message"]
    assert (
        "暂停新生学籍注册" in message
        and "2027年1月5日" in message
        and "辽教职成〔2027〕3号" in message
    )
    assert (
        api("school2")
        .post("/api/v1/processes/student_registration/instances", json={"data": {}})
        .status_code
        == 201
    )
