"""Claim, unclaim, delegate, and two people completing one task at the same time."""

from __future__ import annotations

import threading

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tests.helpers import REPORT, complete, inbox, only_task
from webapp import audit
from webapp.extensions import db
from webapp.models import Event, ProcessInstance, WorkItem


def _city_task(api) -> tuple[dict, dict]:
    school = api("school")
    started = school.post("/api/v1/processes/school_report/instances", json={"data": {}}).get_json()
    complete(school, started["tasks"][0]["id"], REPORT)
    return started, only_task(api("city"), "市级初审")


def _second_city_official(app, clock) -> None:
    from webapp.services.auth import create_user

    with app.app_context():
        create_user(
            "city_b",
            "Demo@2026",
            "city_official",
            "210100",
            clock,
            "沈阳市 第二人",
            app.config["PASSWORD_HASH_METHOD"],
        )
        db.session.commit()


def test_claim_hides_the_item_from_colleagues_and_unclaim_returns_it(deployed, api, clock):
    _second_city_official(deployed, clock)
    _, item = _city_task(api)
    city, colleague = api("city"), api("city_b")
    assert [i["id"] for i in inbox(colleague)] == [item["id"]]
    claimed = city.post(f"/api/v1/tasks/{item['id']}/claim").get_json()
    assert claimed["assignee"] == "city" and claimed["claimed_at"]
    assert inbox(colleague) == []
    response = colleague.post(f"/api/v1/tasks/{item['id']}/claim")
    assert response.status_code == 409
    assert "已由" in response.get_json()["message"]
    assert (
        colleague.post(
            f"/api/v1/tasks/{item['id']}/complete", json={"data": {"city_decision": "approve"}}
        ).status_code
        == 409
    )
    assert city.post(f"/api/v1/tasks/{item['id']}/unclaim").status_code == 200
    assert [i["id"] for i in inbox(colleague)] == [item["id"]]


def test_delegate_to_an_eligible_user_is_recorded(deployed, api, clock):
    _second_city_official(deployed, clock)
    started, item = _city_task(api)
    city = api("city")
    refused = city.post(f"/api/v1/tasks/{item['id']}/delegate", json={"username": "city2"})
    assert refused.status_code == 422 and "无权办理" in refused.get_json()["message"]
    moved = city.post(f"/api/v1/tasks/{item['id']}/delegate", json={"username": "city_b"})
    assert moved.status_code == 200 and moved.get_json()["assignee"] == "city_b"
    assert inbox(city) == []
    complete(api("city_b"), item["id"], {"city_decision": "approve"})
    history = city.get(f"/api/v1/instances/{started['id']}").get_json()["history"]
    delegated = [h for h in history if h["action"] == "task_delegated"]
    assert delegated == [
        {
            **delegated[0],
            "actor": "沈阳市教育局 职成科",
            "before": {"assignee": None},
            "after": {"assignee": "city_b"},
        }
    ]


def test_completing_twice_gives_409_in_chinese(deployed, api):
    _, item = _city_task(api)
    city = api("city")
    complete(city, item["id"], {"city_decision": "approve"})
    again = complete(city, item["id"], {"city_decision": "approve"}, status=409)
    assert again["error"] == "conflict" and "办理完毕" in again["message"]


def test_two_people_completing_at_once_one_wins(deployed, api, clock):
    _second_city_official(deployed, clock)
    started, item = _city_task(api)
    callers = [api("city"), api("city_b")]
    barrier = threading.Barrier(2)
    statuses: list[int] = []

    def submit(caller) -> None:
        barrier.wait()
        response = caller.post(
            f"/api/v1/tasks/{item['id']}/complete", json={"data": {"city_decision": "approve"}}
        )
        statuses.append(response.status_code)
        if response.status_code == 409:
            assert response.get_json()["message"]

    threads = [threading.Thread(target=submit, args=(c,)) for c in callers]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(statuses) == [200, 409]
    with deployed.app_context():
        _assert_completed_once(started["id"])


def _assert_completed_once(instance_id: int) -> None:
    completed = db.session.scalar(
        select(func.count())
        .select_from(Event)
        .where(Event.action == "task_completed", Event.instance_id == instance_id)
    )
    assert completed == 2  # the school's submission and exactly one city review
    open_items = db.session.scalars(
        select(WorkItem).where(WorkItem.instance_id == instance_id, WorkItem.status == "open")
    ).all()
    assert [i.name for i in open_items] == ["省级复核"]
    assert audit.verify() == []


def test_a_stale_copy_of_the_instance_cannot_be_written(deployed, api):
    started, item = _city_task(api)
    with deployed.app_context(), Session(db.engine) as stale:
        old = stale.get(ProcessInstance, started["id"])
        complete(api("city"), item["id"], {"city_decision": "approve"})
        old.title = "changed meanwhile"
        try:
            stale.commit()
        except Exception as error:  # the optimistic version check refuses the write
            assert type(error).__name__ == "StaleDataError"
        else:
            raise AssertionError("a write from a stale copy went through")


def test_unknown_task_and_unauthorised_task_look_the_same(deployed, api):
    _, item = _city_task(api)
    outsider = api("city2")
    missing = outsider.get("/api/v1/tasks/999999")
    hidden = outsider.get(f"/api/v1/tasks/{item['id']}")
    assert missing.status_code == hidden.status_code == 404
    assert missing.get_json() == hidden.get_json()


def test_done_list_shows_what_the_user_completed(deployed, api):
    _, item = _city_task(api)
    city = api("city")
    complete(city, item["id"], {"city_decision": "approve"})
    done = city.get("/api/v1/tasks", query_string={"status": "done"}).get_json()["items"]
    assert [d["id"] for d in done] == [item["id"]]
    assert done[0]["completed_at"]


def test_claim_unclaim_and_delegate_through_the_task_page(deployed, api, login_as, clock):
    _second_city_official(deployed, clock)
    _, item = _city_task(api)
    city = login_as("city")
    url = f"/tasks/{item['id']}"
    assert "认领" in city.get(url).get_data(as_text=True)
    claimed = city.post(f"{url}/claim", follow_redirects=True).get_data(as_text=True)
    assert "已认领" in claimed and "放弃认领" in claimed
    refused = city.post(f"{url}/delegate", data={"username": "city2"}, follow_redirects=True)
    assert "无权办理该任务" in refused.get_data(as_text=True)
    moved = city.post(f"{url}/delegate", data={"username": "city_b"}, follow_redirects=True)
    assert "已转办给 city_b" in moved.get_data(as_text=True)
    page = city.get(url).get_data(as_text=True)
    assert 'class="primary">提交' not in page  # it is city_b's now
    assert "认领人：沈阳市 第二人" in page
    assert "转办任务" in page  # the history shows the delegation
