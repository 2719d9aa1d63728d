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
from webapp.sources import INTERNSHIP_RULES, POLICY

# 2021 第十六条 (一)(二); the provincial policy's paragraph 11.
AGE_RULE = f"（{POLICY}第十一条、{INTERNSHIP_RULES}第十六条）"


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
    assert block.student_index == 1 and f"{INTERNSHIP_RULES}第十六条" in block.message


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


# --- work forbidden to minors and to women (2021 第十六条 (三)(四)) --------------------------


def _post(**marks) -> list[dict]:
    return [{"post_name": "喷涂", "interns": 1, "post_staff": 20, "risks": [], **marks}]


def male(name: str, born: date) -> dict:
    """A student whose ID number's 17th digit is odd (male)."""
    return student(name, id_number=id_number(born, order="001"))


def test_the_sex_is_read_from_the_17th_digit():
    from webapp.identifiers import sex_of

    assert sex_of(id_number(date(2008, 1, 1), order="000")) == "女"
    assert sex_of(id_number(date(2008, 1, 1), order="001")) == "男"


def test_a_minor_on_a_post_forbidden_to_minors_is_refused_by_name():
    minor = male("测试学生壬", born_years_before(START, 17))
    adult = male("测试学生癸", born_years_before(START, 19))
    data = application(students=[adult, minor], posts=_post(minor_forbidden=True))
    [block] = hard_blocks(data)
    assert block.rule == "minor_forbidden_work" and block.student_index == 1
    assert block.field == "students.1.id_number"
    assert "第2行学生测试学生壬" in block.message and "未成年工禁忌从事的劳动" in block.message
    assert "“喷涂”" in block.message and f"{INTERNSHIP_RULES}第十六条" in block.message


def test_a_minor_turning_18_on_the_start_date_is_an_adult():
    adult = male("测试学生子", born_years_before(START, 18))
    assert hard_blocks(application(students=[adult], posts=_post(minor_forbidden=True))) == []


def test_a_female_student_on_a_post_forbidden_to_women_is_refused_by_name():
    woman = student("测试学生丑", born_years_before(START, 19))  # order 000: even, female
    man = male("测试学生寅", born_years_before(START, 19))
    data = application(students=[man, woman], posts=_post(female_forbidden=True))
    [block] = hard_blocks(data)
    assert block.rule == "female_forbidden_work" and block.student_index == 1
    assert "测试学生丑" in block.message and "女职工禁忌从事的劳动" in block.message
    assert f"{INTERNSHIP_RULES}第十六条" in block.message


def test_a_female_minor_on_a_post_marked_both_ways_gets_both_blocks():
    girl = student("测试学生卯", born_years_before(START, 17))
    posts = _post(minor_forbidden=True, female_forbidden=True)
    found = hard_blocks(application(students=[girl], posts=posts))
    assert rules(found) == ["minor_forbidden_work", "female_forbidden_work"]


# --- guardians of students who need consent ---------------------------------------------


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"guardian_name": ""}, "guardian_name"),
        ({"guardian_relation": None}, "guardian_relation"),
        ({"guardian_phone": ""}, "guardian_phone"),
        ({"guardian_phone": "138000"}, "guardian_phone"),  # six digits
        ({"guardian_phone": "12800000000"}, "guardian_phone"),  # second digit 2
        ({"guardian_phone": "024-86900000"}, "guardian_phone"),  # a landline
        ({"guardian_phone": "138000000001"}, "guardian_phone"),  # twelve digits
    ],
)
def test_a_minor_needs_a_guardian_name_relation_and_mobile(changes, field):
    minor = student("测试学生辰", born_years_before(START, 17), **changes)
    [block] = hard_blocks(application(students=[student(), minor]))
    assert block.field == f"students.1.{field}" and block.student_index == 1
    assert block.message.startswith("第2行学生测试学生辰需监护人知情同意")


@pytest.mark.parametrize("phone", ["13800000000", "19912345678", "138 0000 0000", "138-0000-0000"])
def test_valid_mobile_numbers(phone):
    minor = student("测试学生巳", born_years_before(START, 17), guardian_phone=phone)
    assert hard_blocks(application(students=[minor])) == []


def test_an_adult_needs_guardian_data_only_when_every_placement_needs_consent():
    adult = student("测试学生午", born_years_before(START, 19), guardian_name="", guardian_phone="")
    assert hard_blocks(application(students=[adult])) == []
    found = hard_blocks(application(students=[adult]), consent_for_all_placements=True)
    assert [(b.rule, b.field) for b in found] == [
        ("guardian_missing", "students.0.guardian_name"),
        ("guardian_phone", "students.0.guardian_phone"),
    ]


def test_guardian_problems_are_reported_with_the_other_rules_in_one_pass():
    bad = student(
        "测试学生未", born_years_before(START, 15), grade=1, guardian_name="", guardian_phone="1"
    )
    found = hard_blocks(application(students=[bad], fees=["管理费"]))
    assert set(rules(found)) == {
        "student_fees",
        "under_16",
        "first_year",
        "guardian_missing",
        "guardian_phone",
    }


def test_observation_needs_no_guardian_data():
    minor = student("测试学生申", born_years_before(START, 17), guardian_name="", guardian_phone="")
    assert hard_blocks(application(kind="认识实习", students=[minor])) == []
