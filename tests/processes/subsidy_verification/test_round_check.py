"""The province checks every running list of a round again (after the registry changed): school
by school in a background job with progress; a killed worker's successor starts over and
leaves each row flagged once; signed-off lists stay as signed."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from tests.helpers import complete, only_task
from tests.processes.subsidy_verification.helpers import (
    SENT,
    approve_and_sign_off,
    case_of,
    csv_line,
    open_round,
    run_jobs,
    seed_registry,
    upload_list,
)
from webapp.extensions import db
from webapp.student_registry.models import RegistryStudent


class Killed(BaseException):  # a killed process: nothing of it runs on
    pass


def _two_lists_at_the_city(deployed, api, login_as, clock) -> tuple[int, int]:
    seed_registry(deployed)
    open_round(login_as)
    first, second = case_of(deployed, "21010001"), case_of(deployed, "21020001")
    upload_list(login_as("school"), first, [csv_line(1), csv_line(2)])
    upload_list(login_as("school2"), second, [csv_line(8)])
    run_jobs(deployed, clock)
    for who in ("school", "school2"):
        caller = api(who)
        complete(caller, only_task(caller, "报送资助名单")["id"], SENT)
    run_jobs(deployed, clock)
    return first, second


def _student_leaves(app, serial: int) -> None:
    with app.app_context():
        db.session.execute(
            RegistryStudent.__table__.update()
            .where(RegistryStudent.student_no == f"G{serial:012d}")
            .values(status="退学")
        )
        db.session.commit()


def _flag_count(app, code: str) -> int:
    from webapp.processes.subsidy_verification.models import SubsidyFlag

    with app.app_context():
        return db.session.scalar(
            select(func.count()).select_from(SubsidyFlag).where(SubsidyFlag.code == code)
        )


def test_the_province_rechecks_the_round_and_approval_waits(deployed, api, login_as, clock):
    _two_lists_at_the_city(deployed, api, login_as, clock)
    _student_leaves(deployed, 2)
    city = api("city")
    assert city.post("/api/v1/subsidy/rounds/1/checks").status_code == 404
    province = api("province")
    queued = province.post("/api/v1/subsidy/rounds/1/checks")
    assert queued.status_code == 202
    again = province.post("/api/v1/subsidy/rounds/1/checks")
    assert again.status_code == 422 and "正在进行中" in again.get_json()["message"]
    run_jobs(deployed, clock)
    job = province.get(f"/api/v1/jobs/{queued.get_json()['job']}").get_json()
    assert job["state"] == "done" and (job["progress"], job["total"]) == (2, 2)
    assert job["result"]["unanswered"] == 2  # 学生2 退学 at school; 8 not registered at school2
    refused = complete(
        city,
        only_task(city, "市级审核")["id"],
        {"city_decision": "approve", "city_opinion": "同意"},
        status=422,
    )
    assert "第 3 行在学校处理后出现了新的疑点" in refused["fields"]["city_decision"]
    page = login_as("province").get("/subsidy/rounds/1").get_data(as_text=True)
    assert "全省重新比对" in page and "（2/2 所学校）" in page and "未处理疑点 2 行" in page


def test_a_killed_recheck_starts_over_and_flags_each_row_once(
    deployed, api, login_as, clock, monkeypatch
):
    from webapp import jobs as job_service
    from webapp.processes.subsidy_verification import jobs

    _two_lists_at_the_city(deployed, api, login_as, clock)
    _student_leaves(deployed, 2)
    assert api("province").post("/api/v1/subsidy/rounds/1/checks").status_code == 202
    real = jobs._check_and_tell
    calls = []

    def dies_at_the_second_school(instance):
        calls.append(instance.id)
        if len(calls) == 2:
            raise Killed
        return real(instance)

    monkeypatch.setattr(jobs, "_check_and_tell", dies_at_the_second_school)
    with deployed.app_context():
        job = job_service.claim_next("doomed", clock)
        with pytest.raises(Killed):
            job_service.run(job, clock)
        db.session.rollback()  # the dead process's last transaction never commits
    assert _flag_count(deployed, "status") == 1  # the first school's check was committed
    monkeypatch.setattr(jobs, "_check_and_tell", real)
    clock.advance(job_service.STALE + timedelta(seconds=1))
    assert run_jobs(deployed, clock) == 1
    assert _flag_count(deployed, "status") == 1 and _flag_count(deployed, "not_registered") == 1


def test_a_signed_off_list_is_not_checked_again(deployed, api, login_as, clock):
    from webapp.processes.subsidy_verification.models import SubsidyFlag

    _two_lists_at_the_city(deployed, api, login_as, clock)
    approve_and_sign_off(api("city"), api("province"))
    _student_leaves(deployed, 2)
    assert api("province").post("/api/v1/subsidy/rounds/1/checks").status_code == 202
    run_jobs(deployed, clock)
    assert _flag_count(deployed, "status") == 0
    with deployed.app_context():
        assert db.session.scalar(select(func.count()).select_from(SubsidyFlag)) == 1  # school2's
