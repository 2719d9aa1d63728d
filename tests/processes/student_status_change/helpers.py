"""Playing a 学籍异动 through the API."""

from __future__ import annotations

from tests.helpers import complete, only_task, upload

from .conftest import student

KEY = "student_status_change"


def start(api, name: str, kind: str, status: int = 201, **extra) -> dict:
    response = api("school").post(
        f"/api/v1/processes/{KEY}/instances",
        json={"data": {"change_type": kind, **student(name), **extra}},
    )
    assert response.status_code == status, response.get_json()
    return response.get_json()


def submit(api, case: dict, status: int = 200, **fields) -> dict:
    school = api("school")
    item = case["tasks"][0]
    data = {"effective_on": "2026-10-12", "reason": "学生本人及监护人申请，附证明材料"} | fields
    data.setdefault("evidence", [upload(school, item["id"], "evidence")])
    return complete(school, item["id"], data, status)


def review(api, user: str, task: str, status: int = 200, **decision) -> dict:
    caller = api(user)
    return complete(caller, only_task(caller, task)["id"], decision, status)


def case_of(api, case_id: int, user: str = "province") -> dict:
    return api(user).get(f"/api/v1/instances/{case_id}").get_json()
