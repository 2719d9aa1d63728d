"""Scope decisions the pages rely on: who may work on an item now, which cities a list can be
narrowed to, who acts for the province; the pages take them from models/scope.py."""

from __future__ import annotations

from sqlalchemy import select

from tests.helpers import REPORT, complete, only_task
from webapp.extensions import db
from webapp.models import Organisation, User, WorkItem
from webapp.models.scope import acts_for_province, filterable_cities, may_work_on


def _user(username: str) -> User:
    return db.session.scalar(select(User).where(User.username == username))


def _city_item(api) -> int:
    school = api("school")
    started = school.post("/api/v1/processes/school_report/instances", json={"data": {}})
    complete(school, started.get_json()["tasks"][0]["id"], REPORT)
    return only_task(api("city"), "市级初审")["id"]


def _works_on(app, item_id: int) -> list[str]:
    with app.app_context():
        item = db.session.get(WorkItem, item_id)
        users = db.session.scalars(select(User).order_by(User.username))
        return [u.username for u in users if may_work_on(u, item)]


def test_only_an_unclaimed_or_own_open_item_may_be_worked_on(deployed, api):
    item_id = _city_item(api)
    assert _works_on(deployed, item_id) == ["city"]
    assert api("city").post(f"/api/v1/tasks/{item_id}/claim").status_code == 200
    assert _works_on(deployed, item_id) == ["city"]
    complete(api("city"), item_id, {"city_decision": "approve"})
    assert _works_on(deployed, item_id) == []


def test_the_task_page_offers_actions_only_to_whom_may_work_on_it(deployed, api, login_as):
    item_id = _city_item(api)
    claim = f"/tasks/{item_id}/claim"
    assert claim in login_as("city").get(f"/tasks/{item_id}").get_data(as_text=True)
    assert claim not in login_as("province").get(f"/tasks/{item_id}").get_data(as_text=True)


def test_cities_to_filter_by_and_acting_for_the_province(demo):
    with demo.app_context():
        every = sorted(
            db.session.scalars(select(Organisation.name).where(Organisation.kind == "city"))
        )

        def cities(username: str) -> list[str]:
            found = db.session.scalars(filterable_cities(_user(username)))
            return sorted(city.name for city in found)

        assert cities("province") == cities("expert") == every and every
        assert cities("city") == cities("school") == []
        everyone = ("province", "admin", "supervisor", "city", "expert", "school")
        assert [u for u in everyone if acts_for_province(_user(u))] == ["province", "admin"]


def test_starting_from_the_page_opens_the_starters_own_first_task(deployed, login_as):
    school = login_as("school")
    started = school.post("/processes/school_report/start")
    assert "/tasks/" in started.headers["Location"]
    province = login_as("province")
    elsewhere = province.post("/processes/school_report/start", data={"school": "21010001"})
    assert "/instances/" in elsewhere.headers["Location"]  # the first task is the school's
