"""办学情况报送: school → city → province with return-for-correction loops, each actor in turn,
through the API and through the pages."""

from __future__ import annotations

import re

from sqlalchemy import select

from tests.helpers import REPORT, complete, inbox, only_task
from webapp.extensions import db
from webapp.models import ProcessInstance


def start(caller) -> dict:
    response = caller.post("/api/v1/processes/school_report/instances", json={"data": {}})
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def test_approved_first_time(deployed, api):
    school, city, province = api("school"), api("city"), api("province")
    instance = start(school)
    assert [t["name"] for t in instance["tasks"]] == ["填报办学情况"]
    complete(school, instance["tasks"][0]["id"], REPORT)
    assert inbox(school) == []
    complete(city, only_task(city, "市级初审")["id"], {"city_decision": "approve"})
    complete(province, only_task(province, "省级复核")["id"], {"province_decision": "approve"})
    body = school.get(f"/api/v1/instances/{instance['id']}").get_json()
    assert body["status"] == "completed"
    assert body["data"]["enrolled"] == 1500
    actions = [h["action"] for h in body["history"]]
    assert actions[0] == "instance_started"
    assert actions.count("task_completed") == 3
    assert actions[-1] == "instance_completed"


def test_city_returns_then_province_returns_then_approved(deployed, api):
    school, city, province = api("school"), api("city"), api("province")
    instance = start(school)
    complete(school, instance["tasks"][0]["id"], REPORT)
    complete(
        city,
        only_task(city, "市级初审")["id"],
        {"city_decision": "return", "city_reason": "在校生数与学籍系统不符"},
    )
    assert inbox(city) == []
    again = only_task(school, "填报办学情况")
    task = school.get(f"/api/v1/tasks/{again['id']}").get_json()
    assert task["data"]["city_reason"] == "在校生数与学籍系统不符"
    complete(school, again["id"], {**REPORT, "enrolled": 1480})
    complete(city, only_task(city, "市级初审")["id"], {"city_decision": "approve"})
    complete(
        province,
        only_task(province, "省级复核")["id"],
        {"province_decision": "return", "province_reason": "请补充专业开设情况"},
    )
    complete(
        school,
        only_task(school, "填报办学情况")["id"],
        {**REPORT, "majors": [{"code": "660301", "name": "数控技术应用"}]},
    )
    complete(city, only_task(city, "市级初审")["id"], {"city_decision": "approve"})
    complete(province, only_task(province, "省级复核")["id"], {"province_decision": "approve"})
    body = school.get(f"/api/v1/instances/{instance['id']}").get_json()
    assert body["status"] == "completed"
    assert body["data"]["majors"][0]["code"] == "660301"


def test_return_without_reason_is_refused_with_field_error(deployed, api):
    school, city = api("school"), api("city")
    instance = start(school)
    complete(school, instance["tasks"][0]["id"], REPORT)
    item = only_task(city, "市级初审")
    body = complete(city, item["id"], {"city_decision": "return"}, status=422)
    assert body["error"] == "invalid"
    assert "city_reason" in body["fields"]
    assert "意见或退回理由" in body["fields"]["city_reason"]
    assert only_task(city, "市级初审")["id"] == item["id"]


def test_other_city_and_other_school_see_nothing(deployed, api):
    school, school2, city2 = api("school"), api("school2"), api("city2")
    instance = start(school)
    item_id = instance["tasks"][0]["id"]
    complete(school, item_id, REPORT)
    city_item = only_task(api("city"), "市级初审")
    assert inbox(city2) == []
    for outsider in (school2, city2):
        assert outsider.get(f"/api/v1/instances/{instance['id']}").status_code == 404
        response = outsider.get(f"/api/v1/tasks/{city_item['id']}")
        assert response.status_code == 404
        assert response.get_json()["message"] == "任务不存在或您无权查看。"
        assert (
            outsider.post(
                f"/api/v1/tasks/{city_item['id']}/complete",
                json={"data": {"city_decision": "approve"}},
            ).status_code
            == 404
        )
        assert outsider.post(f"/api/v1/tasks/{city_item['id']}/claim").status_code == 404


def test_the_school_may_read_but_not_act_on_the_city_task(deployed, api):
    school = api("school")
    instance = start(school)
    complete(school, instance["tasks"][0]["id"], REPORT)
    city_item = only_task(api("city"), "市级初审")
    assert school.get(f"/api/v1/tasks/{city_item['id']}").status_code == 200
    response = school.post(
        f"/api/v1/tasks/{city_item['id']}/complete", json={"data": {"city_decision": "approve"}}
    )
    assert response.status_code == 403


def test_played_through_the_pages(deployed, login_as):
    school, city, province = login_as("school"), login_as("city"), login_as("province")
    response = school.post("/processes/school_report/start")
    assert response.status_code == 302
    task_url = response.headers["Location"]
    page = school.get(task_url).get_data(as_text=True)
    assert "填报办学情况" in page and "学历教育在校生数" in page
    bad = school.post(task_url, data={"period": "2026春", "enrolled": "很多", "summary": "短"})
    text = bad.get_data(as_text=True)
    assert bad.status_code == 422
    assert "“学历教育在校生数”必须是整数" in text
    assert 'value="很多"' in text  # the user's input is kept
    form = {
        "period": "2026春",
        "enrolled": "1500",
        "full_time_teachers": "80",
        "summary": "本学期情况正常，无重大事项。",
    }
    assert school.post(task_url, data=form).status_code == 302

    inbox_page = city.get("/inbox").get_data(as_text=True)
    assert "市级初审" in inbox_page
    city_url = re.search(r'href="(/tasks/\d+)"', inbox_page).group(1)
    assert city.post(city_url, data={"city_decision": "approve"}).status_code == 302
    province_url = re.search(
        r'href="(/tasks/\d+)"', province.get("/inbox").get_data(as_text=True)
    ).group(1)
    assert province.post(province_url, data={"province_decision": "approve"}).status_code == 302

    with deployed.app_context():
        instance = db.session.scalar(select(ProcessInstance))
        assert instance.status == "completed"
    detail = school.get(f"/instances/{instance.id}").get_data(as_text=True)
    assert "已办结" in detail and "省级复核" in detail
    assert "<th>学历教育在校生数</th><td>1500</td>" in detail  # labels from the forms, not keys
    assert "同意上报省教育厅" in detail and "city_decision" not in detail
    done = province.get("/done").get_data(as_text=True)
    assert "省级复核" in done
    states = school.get(f"/instances/{instance.id}/diagram.json").get_json()["states"]
    assert "completed" in states.values() and "ready" not in states.values()
