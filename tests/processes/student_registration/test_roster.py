"""The new students of a batch against the registry (policy §9): a student who already holds a
中职 registration elsewhere (双重学籍), one still in compulsory education, one registered at a
普通高中, 技工学校 or 普通高等学校, or already at this school is refused by row, naming the rule;
registrations that have ended do not stand in the way."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from tests.helpers import complete, new_students
from webapp.extensions import db
from webapp.processes.student_registration.rules.roster import registration_problem

OWN, OTHER = "21010001", "21020001"


def _record(stage: str, status: str, school: str = OTHER) -> dict:
    return {"stage": stage, "status": status, "school_code": school}


@pytest.mark.parametrize(
    ("record", "expected"),
    [
        (_record("中职", "在籍在校"), "该学生已有其他学校的中职学籍，严禁注册“双重学籍”"),
        (_record("中职", "休学"), "该学生已有其他学校的中职学籍，严禁注册“双重学籍”"),
        (
            _record("义务教育", "在籍在校", "21019999"),
            "该学生仍有义务教育阶段的在籍学籍，未完成义务教育前严禁注册中职学籍",
        ),
        (
            _record("普通高中", "在籍在校", "21019998"),
            "该学生另有普通高中在籍学籍，严禁在中职学籍系统为其注册学籍",
        ),
        (_record("技工学校", "在籍在校"), "该学生另有技工学校在籍学籍"),
        (_record("中职", "在籍在校", OWN), "该学生已有本校中职学籍（在籍在校），不是本批新生"),
    ],
)
def test_registrations_that_forbid_a_new_one(record, expected):
    problem = registration_problem([record], OWN)
    assert problem is not None and problem.startswith(expected)
    assert "第九条" in problem or "本校" in problem
    assert "大连" not in problem and "2101999" not in problem  # another school is never named


@pytest.mark.parametrize(
    "record",
    [
        _record("中职", "退学"),
        _record("中职", "转出"),
        _record("义务教育", "转出"),  # finished or left
        _record("普通高中", "退学"),
    ],
)
def test_ended_registrations_do_not_stand_in_the_way(record):
    assert registration_problem([record], OWN) is None


def _registry(app, rows: list[tuple[dict, str, str, str]]) -> None:
    from webapp.student_registry.models import RegistryStudent

    with app.app_context():
        for student, school, stage, status in rows:
            db.session.add(
                RegistryStudent(
                    student_no=f"G{student['id_number']}", id_number=student["id_number"],
                    name=student["name"], school_code=school, stage=stage, status=status,
                    full_time=True, formal=True, grade=1, major_code="", as_of=date(2026, 9, 1),
                )
            )  # fmt: skip
        db.session.commit()


def test_a_batch_is_refused_row_by_row_and_then_recorded(deployed, api, clock):
    clock.set(datetime(2026, 9, 2, 2, 0, tzinfo=UTC))
    roster = new_students(6)
    _registry(deployed, [
        (roster[1], OTHER, "中职", "在籍在校"),
        (roster[2], "21019999", "义务教育", "在籍在校"),
        (roster[3], OTHER, "中职", "退学"),  # left: may start again here
    ])  # fmt: skip
    school = api("school")
    started = school.post("/api/v1/processes/student_registration/instances", json={"data": {}})
    item = started.get_json()["tasks"][0]["id"]
    broken = [*roster, dict(roster[0]), {"name": "错号", "id_number": "210102201009011234"}]
    batch = {
        "intake": "autumn",
        "enrolled_on": "2026-09-01",
        "student_count": 9,
        "students": broken,
    }
    refused = complete(school, item, batch, status=422)["fields"]
    assert refused["students.1.id_number"].startswith(
        "该学生已有其他学校的中职学籍，严禁注册“双重学籍”"
    )
    assert refused["students.2.id_number"].startswith("该学生仍有义务教育阶段的在籍学籍")
    assert refused["students.6.id_number"] == "与第 1 行的身份证号重复"
    assert "校验位不正确" in refused["students.7.id_number"]
    assert refused["student_count"] == "新生人数（9）与新生名单的人数（8）不一致，请核对"
    clean = [row for i, row in enumerate(roster) if i not in (1, 2)]
    complete(school, item, batch | {"student_count": 4, "students": clean})
