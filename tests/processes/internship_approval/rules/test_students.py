"""Blocks on students (ID number, age 16, first year), guardian consent, and internship kinds."""

from __future__ import annotations

from datetime import date

import pytest

from tests.processes.internship_approval.rules.synthetic import (
    START,
    application,
    born_years_before,
    id_number,
    student,
)
from webapp.processes.internship_approval.rules import hard_blocks, needs_consent, normalise_kind

AGE_RULE = "（《辽宁省中等职业学校管理规范意见》第十一条、《职业学校学生实习管理规定》第十六条）"


def rules(blocks):
    return [block.rule for block in blocks]


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("岗位实习", "岗位实习"),
        ("认识实习", "认识实习"),
        ("跟岗实习", "岗位实习"),
        ("顶岗实习", "岗位实习"),
        ("跟岗", "岗位实习"),
        (" 顶岗 ", "岗位实习"),
    ],
)
def test_normalise_kind(kind, expected):
    assert normalise_kind(kind) == expected


def _turning(years: int, shift_days: int) -> dict:
    return student("测试学生丙", born_years_before(START, years, shift_days))


@pytest.mark.parametrize(("shift_days", "blocked"), [(-1, False), (0, False), (1, True)])
def test_under_16_on_the_start_date(shift_days, blocked):
    """16th birthday the day before / on / the day after the start date."""
    data = application(students=[student(), _turning(16, shift_days)])
    blocks = hard_blocks(data)
    assert rules(blocks) == (["under_16"] if blocked else [])
    if blocked:
        block = blocks[0]
        assert block.field == "students.1.id_number" and block.student_index == 1
        assert block.message.startswith("不得安排未满16周岁学生参加岗位实习")
        assert "测试学生丙" in block.message and block.message.endswith(AGE_RULE)


@pytest.mark.parametrize("kind", ["跟岗实习", "顶岗实习", "跟岗", "顶岗"])
def test_old_names_count_as_placement(kind):
    data = application(kind=kind, students=[_turning(16, 1)])
    assert rules(hard_blocks(data)) == ["under_16"]


def test_first_year_student():
    data = application(students=[student(), student("测试学生丁", grade=1)])
    [block] = hard_blocks(data)
    assert block.rule == "first_year" and block.field == "students.1.grade"
    assert block.student_index == 1 and "《职业学校学生实习管理规定》第十六条" in block.message


def test_the_first_year_grade_is_a_setting():
    data = application(students=[student(grade=2)])
    assert rules(hard_blocks(data, first_year_grade=2)) == ["first_year"]


def test_observation_is_exempt_from_the_age_and_first_year_blocks():
    young = student("测试学生戊", date(2012, 1, 1), grade=1)
    assert hard_blocks(application(kind="认识实习", students=[young])) == []


def test_invalid_id_number():
    bad = student("测试学生己", id_number="21000020070230000X")
    [block] = hard_blocks(application(students=[student(), student(), bad]))
    assert block.rule == "invalid_id_number" and block.field == "students.2.id_number"
    assert block.student_index == 2 and "GB 11643" in block.message


def test_invalid_id_numbers_block_observation_too():
    bad = student(id_number="123")
    assert rules(hard_blocks(application(kind="认识实习", students=[bad]))) == ["invalid_id_number"]


@pytest.mark.parametrize(("shift_days", "needed"), [(-1, False), (0, False), (1, True)])
def test_consent_under_18_on_the_start_date(shift_days, needed):
    """18th birthday the day before / on / the day after the start date."""
    assert needs_consent(_turning(18, shift_days), "岗位实习", START) is needed
    assert needs_consent(_turning(18, shift_days), "顶岗", START.isoformat()) is needed


def test_observation_never_needs_consent():
    minor = _turning(15, 0)
    assert needs_consent(minor, "认识实习", START) is False
    assert needs_consent(minor, "认识实习", START, consent_for_all_placements=True) is False


def test_the_province_may_ask_consent_for_every_placement():
    adult = student(born=date(2000, 1, 1))
    assert needs_consent(adult, "岗位实习", START) is False
    assert needs_consent(adult, "岗位实习", START, consent_for_all_placements=True) is True


def test_consent_is_needed_when_the_age_cannot_be_read():
    assert needs_consent(student(id_number="123"), "岗位实习", START) is True
    assert needs_consent({"id_number": id_number("20000101")}, "岗位实习", "not a date") is True
