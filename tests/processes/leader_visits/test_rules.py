"""The pure rules: semester boundaries (an autumn that ends after New Year, the holidays), the
order the four dates must keep, the reminder day, who is behind and by how much, and the
checks on one visit."""

from __future__ import annotations

from datetime import date

import pytest

from webapp.processes.leader_visits.rules import (
    empty_counts,
    last_ended,
    order_problem,
    semester_of,
    semester_on,
    shortfall_text,
    shortfalls,
    validate_visit,
)
from webapp.processes.leader_visits.rules.semesters import DEFAULT_DATES


@pytest.mark.parametrize(
    ("day", "key"),
    [
        ("2026-09-01", "2026-autumn"),  # first day counts
        ("2027-01-20", "2026-autumn"),  # last day counts, in the next year
        ("2027-01-21", None),  # winter holiday
        ("2026-03-01", "2026-spring"),
        ("2026-07-10", "2026-spring"),
        ("2026-07-11", None),
        ("2026-08-31", None),
        ("2026-01-05", "2025-autumn"),
    ],
)
def test_the_semester_a_day_falls_in(day, key):
    found = semester_on(date.fromisoformat(day), DEFAULT_DATES)
    assert (found.key if found else None) == key


def test_an_autumn_semester_ends_in_the_next_year():
    autumn = semester_of("autumn", 2026, DEFAULT_DATES)
    assert (autumn.start, autumn.end) == (date(2026, 9, 1), date(2027, 1, 20))
    assert autumn.label == "2026年秋季学期"
    december = semester_of("autumn", 2026, DEFAULT_DATES | {"autumn_end": "12-31"})
    assert december.end == date(2026, 12, 31)


def test_the_last_ended_semester():
    assert last_ended(date(2026, 7, 11), DEFAULT_DATES).key == "2026-spring"
    assert last_ended(date(2026, 7, 10), DEFAULT_DATES).key == "2025-autumn"
    assert last_ended(date(2026, 10, 1), DEFAULT_DATES).key == "2026-spring"


def test_the_reminder_day_is_the_lead_before_the_end_but_not_before_the_start():
    spring = semester_of("spring", 2026, DEFAULT_DATES)
    assert spring.reminder_day(30) == date(2026, 6, 10)
    assert spring.reminder_day(365) == date(2026, 3, 1)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({}, None),
        ({"autumn_end": "12-31"}, None),
        ({"spring_end": "02-01"}, "春季学期结束日应晚于开始日"),
        ({"autumn_end": "03-15"}, "秋季学期结束日应早于春季学期开始日"),
        ({"spring_end": "09-10"}, "春季学期结束日应早于下一个秋季学期开始日"),
        ({"autumn_end": "09-01"}, "秋季学期结束日不能与开始日相同"),
    ],
)
def test_the_four_dates_must_go_round_the_year_in_order(changes, message):
    problem = order_problem(DEFAULT_DATES | changes)
    if message is None:
        assert problem is None
    else:
        assert message in problem


def test_who_is_behind_and_by_how_much():
    counts = empty_counts()
    counts["secretary"] = {"class": 7, "site": 1}
    counts["principal"] = {"class": 10, "site": 0}
    counts["teaching_vp"] = {"class": 12, "site": 2}
    behind = shortfalls(counts, 10, 1)
    assert [(s["leader"], s["kind"], s["missing"]) for s in behind] == [
        ("secretary", "class", 3),
        ("principal", "site", 1),
    ]
    assert shortfall_text(counts, 10, 1) == (
        "书记听课差 3 节（已 7 节，应 10 节）；校长检查实习单位差 1 次（已 0 次，应 1 次）"
    )
    counts["secretary"]["class"], counts["principal"]["site"] = 10, 1
    assert shortfall_text(counts, 10, 1) == ""
    assert "书记听课差 1 节" in shortfall_text(counts, 11, 1)


CONTEXT = {
    "semester_start": "2026-03-01",
    "semester_end": "2026-07-10",
    "semester_label": "2026年春季学期",
    "internship_cases": ["SX-2026-00001"],
}


@pytest.mark.parametrize(
    ("data", "errors"),
    [
        ({"kind": "class", "visit_date": "2026-03-01"}, {}),
        ({"kind": "class", "visit_date": "2026-02-28"}, {"visit_date": "不在其中"}),
        ({"kind": "class", "visit_date": "2026-04-02"}, {"visit_date": "晚于今天"}),
        ({"kind": "class", "visit_date": "不是日期"}, {}),  # the schema speaks
        ({"kind": "site", "visit_date": "2026-03-10", "internship_case": "sx-2026-00001"}, {}),
        (
            {"kind": "site", "visit_date": "2026-03-10", "internship_case": "SX-2026-00009"},
            {"internship_case": "未找到本校的实习备案 SX-2026-00009"},
        ),
        (
            {"kind": "class", "visit_date": "2026-03-10", "internship_case": "SX-2026-00001"},
            {"internship_case": "只有检查实习单位"},
        ),
    ],
)
def test_one_visit(data, errors):
    found = validate_visit(data, date(2026, 4, 1), CONTEXT)
    assert set(found) == set(errors)
    for field, text in errors.items():
        assert text in found[field]
