"""Recording visits: each sent 登记 becomes a row in the module's table (the engine keeps only the
count), the case page lists them by leader against the targets; bad input gets a field-level
Chinese message and keeps what was entered; another school or city can neither see nor record;
a site visit may name only the school's own internship case."""

from __future__ import annotations

from sqlalchemy import select

from tests.helpers import complete
from tests.processes.leader_visits.helpers import (
    class_visit,
    housekeeping,
    record,
    record_task,
    site_visit,
)
from webapp.extensions import db


def _internship_case(api, username: str) -> str:
    started = api(username).post(
        "/api/v1/processes/internship_approval/instances", json={"data": {}}
    )
    assert started.status_code == 201, started.get_json()
    return started.get_json()["business_key"]


def test_each_visit_becomes_a_row_and_the_case_page_lists_them(deployed, api, clock, login_as):
    from webapp.processes.leader_visits.models import LeaderVisit

    housekeeping(deployed, clock)
    own_case = _internship_case(api, "school")
    school = api("school")
    record(school, class_visit("secretary", notes="课堂秩序良好"))
    record(school, site_visit("principal", internship_case=own_case.lower()))
    case_id = record_task(school)["instance_id"]
    with deployed.app_context():
        rows = db.session.scalars(select(LeaderVisit).order_by(LeaderVisit.id)).all()
        assert [(r.leader, r.kind, r.teacher, r.enterprise) for r in rows] == [
            ("secretary", "class", "王老师", ""),
            ("principal", "site", "", "沈阳华晨汽车零部件有限公司"),
        ]
        assert rows[1].internship_instance.business_key == own_case
        assert rows[0].recorded_by.username == "school" and rows[0].semester == "2026-spring"
    data = school.get(f"/api/v1/instances/{case_id}").get_json()["data"]
    assert data["visits_recorded"] == 2 and not any(isinstance(v, list) for v in data.values())
    assert "enterprise" not in data and "leader" not in data  # the last visit is a row, not data
    page = login_as("school").get(f"/instances/{case_id}").get_data(as_text=True)
    assert "2026年春季学期校领导听课与实习巡查" in page
    assert "课堂秩序良好" in page and own_case in page
    assert "书记听课差 9 节（已 1 节，应 10 节）" in page


def test_bad_dates_and_missing_class_fields_are_refused_field_by_field(deployed, api, clock):
    housekeeping(deployed, clock)
    school = api("school")
    future = record(school, class_visit("secretary", "2026-03-03"), status=422)
    assert "晚于今天" in future["fields"]["visit_date"]
    before = record(school, class_visit("secretary", "2026-02-27"), status=422)
    assert "2026-03-01 至 2026-07-10" in before["fields"]["visit_date"]
    missing = record(school, {"leader": "principal", "kind": "class", "visit_date": "2026-03-02"},
                     status=422)  # fmt: skip
    assert {"course", "class_name", "teacher"} <= set(missing["fields"])


def test_the_page_keeps_what_was_entered(deployed, api, clock, login_as):
    housekeeping(deployed, clock)
    item = record_task(api("school"))["id"]
    page = login_as("school")
    sent = page.post(
        f"/tasks/{item}", data=class_visit("teaching_vp", "2026-03-09", course="电工基础")
    )
    body = sent.get_data(as_text=True)
    assert sent.status_code == 422
    assert "晚于今天" in body and "电工基础" in body and "机电2301班" in body


def test_another_school_s_internship_case_is_refused(deployed, api, clock):
    housekeeping(deployed, clock)
    other = _internship_case(api, "school2")
    refused = record(api("school"), site_visit("secretary", internship_case=other), status=422)
    assert f"未找到本校的实习备案 {other}" in refused["fields"]["internship_case"]
    on_class = record(api("school"), class_visit("secretary", internship_case=other), status=422)
    assert "只有检查实习单位可以关联实习备案" in on_class["fields"]["internship_case"]


def test_another_school_or_city_can_neither_see_nor_record(deployed, api, clock):
    housekeeping(deployed, clock)
    task = record_task(api("school"))
    for username in ("school2", "city2"):
        assert api(username).get(f"/api/v1/instances/{task['instance_id']}").status_code == 404
        response = api(username).post(
            f"/api/v1/tasks/{task['id']}/complete", json={"data": class_visit("secretary")}
        )
        assert response.status_code in (403, 404), response.get_json()
    assert api("city").get(f"/api/v1/instances/{task['instance_id']}").status_code == 200
    city = api("city").post(
        f"/api/v1/tasks/{task['id']}/complete", json={"data": class_visit("secretary")}
    )
    assert city.status_code in (403, 404, 409)  # a school's step: the city reads, never records
    complete(api("school"), task["id"], class_visit("secretary"))
