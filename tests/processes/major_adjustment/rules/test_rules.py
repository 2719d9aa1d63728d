"""The pure rules: the window and when it opens next, the start checks, the expert tally and
the yearly suggestions, at their boundaries."""

from __future__ import annotations

from datetime import date

import pytest

from webapp.processes.major_adjustment.rules import (
    low_majors,
    validate_start,
    window_notice,
)
from webapp.processes.major_adjustment.rules.script_functions import expert_slot_list, expert_tally
from webapp.processes.major_adjustment.settings import month_day

WINDOW = (date(2026, 9, 1), date(2026, 10, 31))


@pytest.mark.parametrize(
    ("today", "opens_next"),
    [
        (date(2026, 8, 31), "2026年9月1日"),
        (date(2026, 11, 1), "2027年9月1日"),
        (date(2026, 1, 5), "2026年9月1日"),
    ],
)
def test_outside_the_window_says_when_it_opens(today, opens_next):
    notice = window_notice(today, WINDOW)
    assert f"下一次受理自 {opens_next} 起" in notice


@pytest.mark.parametrize("today", [date(2026, 9, 1), date(2026, 10, 31), date(2026, 9, 30)])
def test_inside_the_window_both_ends_included(today):
    assert window_notice(today, WINDOW) is None


def _context(**changes) -> dict:
    return {
        "catalogue": {"710201": {"name": "计算机应用", "controlled": False},
                      "660103": {"name": "数控技术应用", "controlled": False}},
        "offered": {"660103": {"name": "数控技术应用", "status": "enrolling"},
                    "660101": {"name": "机械制造技术", "status": "withdrawn"}},
        "standing": "",
        "standing_label": "正常",
        "window": WINDOW,
    } | changes  # fmt: skip


TODAY = date(2026, 9, 15)


def test_a_withdrawn_major_may_be_opened_again_but_not_adjusted():
    assert validate_start({"kind": "add", "major_code": "710201"}, TODAY, _context()) == {}
    context = _context(catalogue=_context()["catalogue"] | {"660101": {"name": "机械制造技术"}})
    assert validate_start({"kind": "add", "major_code": "660101"}, TODAY, context) == {}
    errors = validate_start({"kind": "adjust", "major_code": "660101"}, TODAY, _context())
    assert "没有开设专业 660101" in errors["major_code"]


@pytest.mark.parametrize(
    ("standing", "refused"),
    [
        ("", False),
        ("enrollment_cut", False),
        ("registration_suspended", False),
        ("enrollment_stopped", True),
        ("enrollment_revoked", True),
    ],
)
def test_standing_that_stops_new_majors(standing, refused):
    errors = validate_start(
        {"kind": "add", "major_code": "710201"},
        TODAY,
        _context(standing=standing, standing_label="某状态"),
    )
    assert ("kind" in errors) is refused


def test_tally_majority_boundary():
    yes, no = {"total": 80, "recommend": True}, {"total": 50, "recommend": False}
    assert expert_tally([yes, yes, no], 2)["passed"] is True
    assert expert_tally([yes, no, no], 2)["passed"] is False
    outcome = expert_tally([yes, no, no], 2)
    assert (outcome["recommending"], outcome["needed"], outcome["average"]) == (1, 2, 60.0)
    assert expert_tally([], 1)["passed"] is False
    assert expert_slot_list(3) == [{"slot": 1}, {"slot": 2}, {"slot": 3}]


def _major(employment: dict, enrollment: dict | None = None, status: str = "enrolling") -> dict:
    return {
        "code": "710301",
        "name": "现代通信技术应用",
        "status": status,
        "employment": employment,
        "enrollment": enrollment or {"2025": 30},
    }


@pytest.mark.parametrize(
    ("employment", "suggested"),
    [
        ({"2024": 59.9, "2025": 59.0}, True),  # both below 60
        ({"2024": 60.0, "2025": 50.0}, False),  # 60 is not below 60
        ({"2023": 50.0, "2025": 50.0}, False),  # not two years running
        ({"2025": 40.0}, False),  # one year only
        ({"2022": 40.0, "2023": 40.0}, False),  # too old to judge this year
    ],
)
def test_low_employment_two_years_running(employment, suggested):
    found = low_majors([_major(employment)], 2026, 60, 2)
    assert bool(found) is suggested


def test_no_intake_and_status():
    assert (
        "2025年招生人数为 0"
        in low_majors([_major({"2024": 90, "2025": 90}, {"2024": 30, "2025": 0})], 2026, 60, 2)[0][
            "reason"
        ]
    )
    # A major already paused (停招) or withdrawn is not suggested again.
    assert low_majors([_major({"2024": 10, "2025": 10}, status="paused")], 2026, 60, 2) == []


@pytest.mark.parametrize(
    ("text", "stored"), [("09-01", "09-01"), ("9-1", "09-01"), ("10月31日", "10-31")]
)
def test_window_days_are_month_days(text, stored):
    assert month_day(text) == stored


@pytest.mark.parametrize("text", ["02-30", "13-01", "9/1", ""])
def test_impossible_window_days_are_refused(text):
    with pytest.raises(ValueError):
        month_day(text)


def test_the_29th_of_february_cannot_open_a_yearly_window():
    with pytest.raises(ValueError, match="平年"):
        month_day("02-29")


@pytest.mark.parametrize(
    ("count", "needed", "refused"),
    [(3, 2, False), (3, 1, True), (4, 2, True), (5, 3, False), (3, 4, True)],
)
def test_the_majority_must_be_a_majority(count, needed, refused):
    from webapp.processes.major_adjustment.settings import RULES

    values = {"majors.expert_count": count, "majors.expert_majority": needed,
              "majors.window_opens": "09-01", "majors.window_closes": "10-31"}  # fmt: skip
    errors = [rule.check(values) for rule in RULES]
    assert any(errors) is refused
