"""The sanction ladder for 拒不整改 (RULES.md §1.6) and the school standings it leaves."""

from __future__ import annotations

import pytest

from webapp.models import org
from webapp.processes.annual_inspection.rules import (
    STANDINGS,
    may_enroll,
    may_register_new_students,
    next_rung,
    rung_label,
    standing_after_grade,
)
from webapp.processes.annual_inspection.rules.sanctions import NO_NEW_REGISTRATION
from webapp.processes.annual_inspection.rules.script_functions import next_sanction


def test_one_rung_per_missed_deadline_then_it_stays():
    standings, standing = [], None
    for _ in range(5):
        standing = next_rung(standing).standing
        standings.append(standing)
    assert standings == [
        "enrollment_cut",
        "registration_suspended",
        "enrollment_stopped",
        "enrollment_stopped",
        "enrollment_stopped",
    ]


def test_the_first_rung_cuts_by_the_setting_default_or_the_given_percent():
    assert next_rung(None).cut_percent == 20
    assert next_rung("", cut_percent=35).cut_percent == 35
    assert next_rung("", cut_percent=35).label == "缩减招生计划35%"
    assert next_rung("enrollment_cut", cut_percent=35).cut_percent is None
    assert [next_rung(s).step for s in (None, "enrollment_cut", "registration_suspended")] == [
        1,
        2,
        3,
    ]


def test_labels():
    assert rung_label("enrollment_cut", 20) == "缩减招生计划20%"
    assert rung_label("enrollment_cut", 12.5) == "缩减招生计划12.5%"
    assert rung_label("registration_suspended") == "暂停新生学籍注册"
    assert rung_label("enrollment_stopped") == "停止招生"
    assert rung_label("enrollment_revoked") == "取缔招生资格"
    with pytest.raises(ValueError, match="unknown school standing"):
        rung_label("closed")


def test_a_revoked_school_stays_revoked_and_an_unknown_standing_is_refused():
    assert next_rung("enrollment_revoked").standing == "enrollment_revoked"
    with pytest.raises(ValueError, match="unknown school standing"):
        next_rung("suspended")


@pytest.mark.parametrize(
    ("standing", "enroll", "register"),
    [
        (None, True, True),
        ("", True, True),
        ("enrollment_cut", True, True),
        ("registration_suspended", True, False),
        ("enrollment_stopped", False, False),
        ("enrollment_revoked", False, False),
    ],
)
def test_what_each_standing_allows(standing, enroll, register):
    assert may_enroll(standing) is enroll
    assert may_register_new_students(standing) is register


def test_the_vocabulary_is_the_one_schools_are_stored_with():
    assert STANDINGS == org.STANDINGS
    assert set(org.NO_REGISTRATION) == NO_NEW_REGISTRATION


def test_only_revocation_changes_the_standing_at_grading():
    assert standing_after_grade("取缔招生资格", "enrollment_cut") == "enrollment_revoked"
    assert standing_after_grade("不合格", "enrollment_cut") == "enrollment_cut"
    assert standing_after_grade("合格", None) == ""


def test_next_sanction_is_keyed_like_the_decision_form():
    assert next_sanction(None, 25) == {
        "sanction_rung": "enrollment_cut",
        "sanction_cut_percent": 25,
        "sanction_label": "缩减招生计划25%",
    }
    assert next_sanction("enrollment_cut", 25)["sanction_cut_percent"] is None
