"""学籍异动 (policy §9): every path through the diagram played by each actor — the school
records, the receiving school confirms a transfer, the city (and the receiving city across
cities) approves, returns or rejects — and what an approved change does to the registry. Each
step is restored from the database and saved again (the API), so every path is also a
save/restore round trip."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from tests.helpers import complete, inbox, only_task, upload
from webapp.extensions import db

from .conftest import major_code, registration
from .helpers import case_of, review, start, submit

CITY_REVIEW = "市教育局核准学籍异动：{}"


def _events(app, case_id: int) -> list[str]:
    from webapp.models import Event

    with app.app_context():
        return list(
            db.session.scalars(
                select(Event.action).where(Event.instance_id == case_id).order_by(Event.id)
            )
        )


def test_a_suspension_approved_by_the_city_updates_the_registry(registry, api):
    case = start(api, "赵一", "suspend")
    assert case["title"] == "学籍异动（休学）：赵一－沈阳市装备制造工程学校 · YD-2026-00001"
    submit(api, case, effective_on="2026-10-10")
    task = only_task(api("city"), CITY_REVIEW.format("赵一"))
    assert task["school"] == "沈阳市装备制造工程学校"
    assert task["due_at"] == "2026-10-26T15:59:59+00:00"  # 10 working days after 10-12
    assert inbox(api("city2")) == []
    complete(api("city"), task["id"], {"city_decision": "approve", "city_opinion": "同意"})
    body = case_of(api, case["id"])
    assert body["status"] == "completed" and body["data"]["outcome"] == "approved"
    assert registration(registry, "赵一") == {
        "status": "休学", "grade": 2, "major_code": major_code_of(registry, "数控技术应用"),
        "as_of": date(2026, 10, 10),
    }  # fmt: skip
    assert "registry_changed" in _events(registry, case["id"])
    notices = api("school").get("/api/v1/notifications").get_json()["items"]
    assert any("学籍异动已核准" in n["title"] for n in notices)


def major_code_of(app, name: str) -> str:
    with app.app_context():
        return major_code("21010001", name)


def test_a_student_on_leave_resumes(registry, api):
    case = start(api, "钱二", "resume")
    submit(api, case)
    review(api, "city", CITY_REVIEW.format("钱二"), city_decision="approve")
    assert registration(registry, "钱二")["status"] == "在籍在校"


def test_repeating_a_grade_lowers_it_and_never_raises_it(registry, api):
    case = start(api, "孙三", "repeat_grade")
    school = api("school")
    item = case["tasks"][0]
    evidence = [upload(school, item["id"], "evidence")]
    missing = submit(api, case, status=422, evidence=evidence)
    assert missing["fields"]["new_grade"] == "留级须填写留级后就读年级"
    submit(api, case, evidence=evidence, new_grade=3)  # the same grade again
    review(api, "city", CITY_REVIEW.format("孙三"), city_decision="approve")
    assert registration(registry, "孙三")["grade"] == 3


def test_a_grade_above_the_current_one_is_not_a_repeat(registry, api):
    case = start(api, "李四", "repeat_grade")
    refused = submit(api, case, status=422, new_grade=2)
    assert refused["fields"]["new_grade"] == "留级后年级不能高于目前年级（1 年级）"


def test_changing_major_only_to_an_enrolling_major_of_the_school(registry, api):
    robots = major_code_of(registry, "工业机器人技术应用")
    paused = major_code_of(registry, "机械制造技术")
    current = major_code_of(registry, "数控技术应用")
    case = start(api, "赵一", "change_major")
    item = case["tasks"][0]
    evidence = [upload(api("school"), item["id"], "evidence")]
    for code, message in (
        (paused, "本校的“机械制造技术”专业目前不在招，不能转入"),
        (current, "转入专业与学生目前的专业相同"),
        ("770101", "本校未开设代码为 770101 的专业"),
    ):
        refused = submit(api, case, status=422, evidence=evidence, target_major_code=code)
        assert refused["fields"]["target_major_code"].startswith(message)
    submit(api, case, evidence=evidence, target_major_code=robots)
    review(api, "city", CITY_REVIEW.format("赵一"), city_decision="approve")
    assert registration(registry, "赵一")["major_code"] == robots
