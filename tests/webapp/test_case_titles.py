"""A case's title says what it is about once a step has said it — an internship's unit and
period, a registration batch's intake — and the case and all its items carry the same title
(issue 14: seven rows used to read 学生实习审批－沈阳市装备制造工程学校)."""

from __future__ import annotations

from tests.helpers import complete, inbox, new_students, only_task
from tests.processes.internship_approval.helpers import ADULT, start_application


def test_an_internship_is_titled_by_its_unit_and_period(deployed, api, login_as):
    started, body = start_application(api, [ADULT])
    about = "岗位实习：沈阳机床装备有限公司（2026-04-01至2026-07-31）－沈阳市装备制造工程学校"
    key = f"SX-2026-{body['id']:05d}"  # the case's number ends every title
    expected = f"{about} · {key}"
    assert body["title"] == expected and body["business_key"] == key
    assert [item["title"] for item in inbox(api("school"))] == [expected]
    done = login_as("school").get("/done").get_data(as_text=True)
    assert expected in done and "学生实习审批－" not in done  # 已办 says the same
    other, _ = start_application(api, [ADULT], unit_name="大连港湾物流有限公司")
    titles = {item["title"] for item in inbox(api("school"))}
    assert len(titles) == 2  # two applications of one school are told apart


def test_a_registration_batch_is_titled_by_its_intake(deployed, api, clock):
    school = api("school")
    started = school.post(
        "/api/v1/processes/student_registration/instances", json={"data": {}}
    ).get_json()
    assert started["title"].startswith("新生学籍注册")  # before the batch is recorded
    key = started["business_key"]
    assert key == f"XJ-2026-{started['id']:05d}"
    complete(
        school,
        started["tasks"][0]["id"],
        {
            "intake": "spring",
            "enrolled_on": "2026-02-27",
            "student_count": 3,
            "students": new_students(3),
        },
    )
    task = only_task(school, "确认学籍注册")
    assert (
        task["title"]
        == f"2026年春季入学新生学籍注册（入学 2026-02-27）－沈阳市装备制造工程学校 · {key}"
    )
