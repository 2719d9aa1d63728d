"""Helpers the tests share: play a task through the API, read the inbox."""

from __future__ import annotations


def inbox(caller, **params) -> list[dict]:
    response = caller.get("/api/v1/tasks", query_string=params)
    assert response.status_code == 200, response.get_json()
    return response.get_json()["items"]


def only_task(caller, name: str) -> dict:
    items = [item for item in inbox(caller) if item["name"] == name]
    assert len(items) == 1, f"expected one '{name}' in the inbox, got {inbox(caller)}"
    return items[0]


def complete(caller, item_id: int, data: dict, status: int = 200) -> dict:
    response = caller.post(f"/api/v1/tasks/{item_id}/complete", json={"data": data})
    assert response.status_code == status, response.get_json()
    return response.get_json()


REPORT = {
    "period": "2026年春季学期",
    "enrolled": 1500,
    "full_time_teachers": 80,
    "summary": "本学期招生、教学、实习情况正常。",
}
