"""One test per reviewer warning (RULES.md §2): the rule's name, the field, and the source.

The six months, the 10%/20% shares and the major group were 2016 articles (第九/十条 and others)
and moved in 2021; their 2021 numbers are not confirmed, so the warnings cite the regulation by
name only (the old 第八/十一/十二条 were cited from memory)."""

from __future__ import annotations

from datetime import date

import pytest

from tests.processes.internship_approval.rules.synthetic import application, student
from webapp.processes.internship_approval.rules import hard_blocks, warnings
from webapp.processes.internship_approval.rules.reviewer_warnings import add_months
from webapp.sources import INTERNSHIP_RULES

NATIONAL = INTERNSHIP_RULES


def by_name_only(message: str) -> bool:
    return message.endswith(f"（{NATIONAL}）")


def only(found, rule):
    assert [warning.rule for warning in found] == [rule]
    return found[0]


@pytest.mark.parametrize(("end_date", "warned"), [("2026-09-01", False), ("2026-09-02", True)])
def test_long_placement(end_date, warned):
    """From 2 March, six months run to 1 September inclusive."""
    data = application(end_date=end_date, insurance_end="2026-12-31")
    found = warnings(data)
    if warned:
        warning = only(found, "long_placement")
        assert warning.field == "end_date" and "超过6个月" in warning.message
        assert by_name_only(warning.message)
    else:
        assert found == []
    assert hard_blocks(data) == []  # a warning, never a block


def test_the_duration_is_a_setting():
    assert only(warnings(application(), max_months=3), "long_placement").field == "end_date"


def test_observation_is_never_too_long():
    assert warnings(application(kind="认识实习", end_date="2027-06-30")) == []


@pytest.mark.parametrize(("interns", "warned"), [(10, False), (11, True)])
def test_unit_share(interns, warned):
    posts = [
        {"post_name": f"岗位{i}", "interns": 1, "post_staff": 20, "risks": []}
        for i in range(interns)
    ]
    found = warnings(application(unit_staff_count=100, posts=posts))
    if warned:
        warning = only(found, "unit_share")
        assert warning.field == "unit_staff_count" and "11 人" in warning.message
        assert "10%" in warning.message and by_name_only(warning.message)
    else:
        assert found == []


@pytest.mark.parametrize(("interns", "warned"), [(4, False), (5, True)])
def test_post_share(interns, warned):
    posts = [
        {"post_name": "装配", "interns": 1, "post_staff": 20, "risks": []},
        {"post_name": "数控车床操作", "interns": interns, "post_staff": 20, "risks": []},
    ]
    found = warnings(application(posts=posts))
    if warned:
        warning = only(found, "post_share")
        assert warning.field == "posts.1.interns" and "数控车床操作" in warning.message
        assert "20%" in warning.message and by_name_only(warning.message)
    else:
        assert found == []


def test_the_shares_are_settings():
    assert (
        only(warnings(application(), max_post_share=0.05), "post_share").field == "posts.0.interns"
    )
    assert only(warnings(application(), max_unit_share=0.01), "unit_share")


def test_observation_has_no_staff_share_warnings():
    posts = [{"post_name": "参观", "interns": 40, "post_staff": 20, "risks": []}]
    assert warnings(application(kind="认识实习", posts=posts)) == []


def test_outside_major_group():
    students = [student(), student("测试学生庚", date(2008, 5, 20), major_group_match=False)]
    warning = only(warnings(application(students=students)), "outside_major_group")
    assert warning.field == "students.1.major" and warning.student_index == 1
    assert "测试学生庚" in warning.message and by_name_only(warning.message)


def test_outside_major_group_concerns_observation_too():
    students = [student(major_group_match=False)]
    assert only(warnings(application(kind="认识实习", students=students)), "outside_major_group")


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2026, 3, 2), 6, date(2026, 9, 2)),
        (date(2026, 8, 31), 6, date(2027, 2, 28)),
        (date(2027, 8, 31), 6, date(2028, 2, 29)),
        (date(2026, 10, 15), 3, date(2027, 1, 15)),
    ],
)
def test_add_months_keeps_the_day_or_takes_the_month_end(start, months, expected):
    assert add_months(start, months) == expected
