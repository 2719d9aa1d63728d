"""The inbox: scope per organisation, filters, sorting, pagination, overdue, and no N+1 queries."""

from __future__ import annotations

from datetime import timedelta

from tests.helpers import REPORT, complete, count_queries, inbox
from webapp.extensions import db


def _submit_reports(api, username: str, count: int) -> list[int]:
    school = api(username)
    ids = []
    for _ in range(count):
        started = school.post(
            "/api/v1/processes/school_report/instances", json={"data": {}}
        ).get_json()
        complete(school, started["tasks"][0]["id"], REPORT)
        ids.append(started["id"])
    return ids


def test_each_city_sees_its_own_schools_and_the_province_sees_all(deployed, api):
    shenyang = _submit_reports(api, "school", 2)
    dalian = _submit_reports(api, "school2", 1)
    assert sorted(i["instance_id"] for i in inbox(api("city"))) == shenyang
    assert [i["instance_id"] for i in inbox(api("city2"))] == dalian
    assert inbox(api("province")) == []  # nothing has reached the province lane yet
    assert inbox(api("school")) == [] and inbox(api("supervisor")) == []


def test_filters_sorting_and_pagination(deployed, api, clock):
    _submit_reports(api, "school", 3)
    city = api("city")
    first = city.get("/api/v1/tasks", query_string={"size": 2, "sort": "created"}).get_json()
    assert first["total"] == 3 and len(first["items"]) == 2
    second = city.get(
        "/api/v1/tasks", query_string={"size": 2, "page": 2, "sort": "created"}
    ).get_json()
    ids = [i["id"] for i in first["items"] + second["items"]]
    assert len(set(ids)) == 3 and ids == sorted(ids)
    assert inbox(city, process="no_such_process") == []
    assert len(inbox(city, q="装备制造")) == 3
    assert inbox(city, q="旅游") == []
    with deployed.app_context():
        from webapp.models import Organisation

        other_school = db.session.query(Organisation).filter_by(code="21010002").one().id
    assert inbox(city, school=other_school) == []
    bad = city.get("/api/v1/tasks", query_string={"school": "abc"})
    assert bad.status_code == 422 and bad.get_json()["fields"]["school"]


def test_overdue_and_days_left_follow_the_clock(deployed, api, clock):
    _submit_reports(api, "school", 1)
    city = api("city")
    (item,) = inbox(city)
    assert item["days_left"] == 5 and item["overdue"] is False
    assert inbox(city, overdue=1) == []
    clock.advance(timedelta(days=6))
    city = api("city")  # the first token has expired meanwhile
    (late,) = inbox(city, overdue=1)
    assert late["overdue"] is True and late["days_left"] == -1


def test_due_before_needs_a_timezone(deployed, api):
    response = api("city").get("/api/v1/tasks", query_string={"due_before": "2026-03-10T00:00:00"})
    assert response.status_code == 422 and "时区" in response.get_json()["message"]
    assert (
        api("city")
        .get("/api/v1/tasks", query_string={"due_before": "2026-03-10T00:00:00+08:00"})
        .status_code
        == 200
    )


def test_pages_and_api_read_due_before_alike(deployed, api, login_as):
    _submit_reports(api, "school", 1)  # the city's review is due on 2026-03-07
    city, page = api("city"), login_as("city")
    for day, found in (("2026-03-07", 0), ("2026-03-08", 1)):
        assert len(inbox(city, due_before=day)) == found
        assert len(inbox(city, due_before=f"{day}T00:00:00+08:00")) == found
        html = page.get(f"/inbox?due_before={day}").get_data(as_text=True)
        assert ("没有待办任务" in html) == (found == 0)


def test_inbox_page_queries_do_not_grow_with_the_rows(deployed, api, login_as):
    city = login_as("city")
    _submit_reports(api, "school", 1)
    with count_queries(deployed) as few:
        assert city.get("/inbox").status_code == 200
    _submit_reports(api, "school", 6)
    _submit_reports(api, "school2", 2)
    with count_queries(deployed) as many:
        page = city.get("/inbox").get_data(as_text=True)
    assert page.count("市级初审") >= 7
    assert len(many) == len(few)


def test_inbox_page_filters_and_marks_overdue(deployed, api, login_as, clock):
    _submit_reports(api, "school", 2)
    city = login_as("city")
    clock.advance(timedelta(days=10))
    page = city.get("/inbox?overdue=1").get_data(as_text=True)
    assert "已逾期" in page and 'class="overdue"' in page
    bad = city.get("/inbox?due_before=15/03/2026").get_data(as_text=True)
    assert "格式应为 2026-03-15" in bad
    empty = city.get("/inbox?q=不存在的事项").get_data(as_text=True)
    assert "没有待办任务" in empty
