"""The 督办 dashboard's section and its export sheet (a city sees its schools, the province and
the supervisors all; counts against the targets during the semester, the shortfalls after it),
the settings on the settings page with the rule that keeps the semesters in order, and the
targets a new semester's cases take."""

from __future__ import annotations

from io import BytesIO

from openpyxl import load_workbook

from scheduler.sweep import sweep
from tests.processes.leader_visits.helpers import (
    ON_TARGET,
    at,
    class_visit,
    housekeeping,
    record,
    record_plan,
)

SHENYANG, DALIAN = "沈阳市装备制造工程学校", "大连市"


def _section(page: str) -> str:
    return page[page.index("校领导听课与实习巡查（省《意见》第十四条）") :]


def test_the_dashboard_shows_each_school_s_counts_in_its_scope(deployed, api, clock, login_as):
    housekeeping(deployed, clock)
    for _ in range(7):
        record(api("school"), class_visit("secretary"))
    city = _section(login_as("city").get("/supervision/").get_data(as_text=True))
    assert "2026年春季学期：2026-03-01 至 2026-07-10，距学期结束还有 130 天" in city
    assert SHENYANG in city and "7/10" in city and "书记听课差 3 节（已 7 节，应 10 节）" in city
    assert DALIAN not in city
    for username in ("province", "supervisor"):
        page = _section(login_as(username).get("/supervision/").get_data(as_text=True))
        assert SHENYANG in page and DALIAN in page
    assert DALIAN not in _section(login_as("city").get("/supervision/").get_data(as_text=True))


def test_the_export_carries_the_section_as_a_second_sheet(deployed, api, clock, login_as):
    housekeeping(deployed, clock)
    record(api("school"), class_visit("principal"))
    data = login_as("city").get("/supervision/export.xlsx").data
    book = load_workbook(BytesIO(data))
    assert book.sheetnames == ["督办清单", "校领导听课"]
    rows = list(book["校领导听课"].iter_rows(values_only=True))
    assert rows[1][:5] == ("学期", "城市", "学校", "书记听课", "书记检查实习单位")
    shenyang = next(row for row in rows[2:] if row[2] == SHENYANG)
    assert shenyang[5] == "1/10" and shenyang[9] == "2026-07-10"
    assert all(DALIAN not in (row[1] or "") for row in rows[2:])


def test_after_the_semester_the_shortfalls_stay_listed(deployed, api, clock, login_as):
    housekeeping(deployed, clock)
    record_plan(api("school"), ON_TARGET)
    record_plan(api("school2"), {"secretary": (9, 1)})
    clock.set(at("2026-07-11T00:00:01"))
    assert sweep(deployed, clock).failed == 0
    page = _section(login_as("province").get("/supervision/").get_data(as_text=True))
    assert "当前不在学期内" in page
    short = page[page.index("2026年春季学期未达标学校") :]
    assert "书记听课差 1 节（已 9 节，应 10 节）" in short and SHENYANG not in short
    deadlines = login_as("province").get("/supervision/").get_data(as_text=True)
    assert "督促未达标学校" in deadlines  # the cities' follow-ups are deadlines of the list
    rows = list(load_workbook(BytesIO(login_as("province").get("/supervision/export.xlsx").data))
                ["校领导听课"].iter_rows(values_only=True))  # fmt: skip
    assert any("学期已结束，未达标：书记听课差 1 节" in (row[-1] or "") for row in rows[2:])


def test_the_settings_page_shows_the_group_and_keeps_the_semesters_in_order(deployed, login_as):
    admin = login_as("admin")
    page = admin.get("/admin/settings").get_data(as_text=True)
    for text in ("校领导听课", "秋季学期开始日", "春季学期结束日", "第十四条", "学期结束前提醒"):
        assert text in page
    refused = admin.post("/admin/settings", data={"leader_visits.spring_end": "02-15"})
    body = refused.get_data(as_text=True)
    assert refused.status_code == 422 and "春季学期结束日应晚于开始日" in body and "02-15" in body
    bad_day = admin.post("/admin/settings", data={"leader_visits.autumn_start": "02-30"})
    assert "没有这一天" in bad_day.get_data(as_text=True)


def test_changed_targets_and_dates_apply_to_the_next_semester(deployed, api, clock, login_as):
    housekeeping(deployed, clock)  # spring: the defaults
    admin = login_as("admin")
    changed = admin.post(
        "/admin/settings",
        data={"leader_visits.class_target": "12", "leader_visits.autumn_start": "09-05",
              "leader_visits.reminder_days": "14"},
    )  # fmt: skip
    assert changed.status_code == 302
    clock.set(at("2026-09-02T10:00:00"))
    housekeeping(deployed, clock)
    assert [i for i in api("school").get("/api/v1/tasks").get_json()["items"]
            if "秋季" in (i["title"] or "")] == []  # fmt: skip
    clock.set(at("2026-09-05T10:00:00"))
    housekeeping(deployed, clock)
    autumn = next(i for i in api("school").get("/api/v1/tasks").get_json()["items"]
                  if "2026年秋季学期" in (i["title"] or ""))  # fmt: skip
    data = api("school").get(f"/api/v1/instances/{autumn['instance_id']}").get_json()["data"]
    assert (data["class_target"], data["semester_start"]) == (12, "2026-09-05")
    assert data["reminder_at"] == "2027-01-06T09:00:00+08:00"


def test_the_demo_has_a_semester_in_progress_with_a_leader_behind(app, clock, api):
    result = app.test_cli_runner().invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    task = next(i for i in api("school").get("/api/v1/tasks").get_json()["items"]
                if i["process"] == "leader_visits")  # fmt: skip
    case = api("school").get(f"/api/v1/instances/{task['instance_id']}").get_json()
    assert case["status"] == "running" and case["data"]["visits_recorded"] == 28
    with app.app_context():
        from webapp.processes.leader_visits.visits import shortfall_of

        assert shortfall_of("21010001", "2026-spring", 10, 1) == (
            "分管教学副校长听课差 4 节（已 6 节，应 10 节）；"
            "分管教学副校长检查实习单位差 1 次（已 0 次，应 1 次）"
        )
        assert shortfall_of("21020001", "2026-spring", 10, 1) == ""
