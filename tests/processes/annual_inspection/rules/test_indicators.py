"""The indicators of RULES.md §1.1: computed ratios, thresholds from settings, each boundary."""

from __future__ import annotations

import pytest

from tests.processes.annual_inspection.samples import school
from webapp.processes.annual_inspection.rules import INDICATORS, THRESHOLD_KEYS, compute, evaluate
from webapp.processes.annual_inspection.rules.indicators import DEFAULT_THRESHOLDS
from webapp.processes.annual_inspection.settings import SETTINGS


def result(raw: dict, key: str, thresholds: dict | None = None):
    (found,) = [r for r in evaluate(raw, thresholds) if r.key == key]
    return found


def test_compute_derives_every_ratio_from_the_counts():
    assert compute(school()) == {
        "student_teacher_ratio": 15.0,
        "specialist_percent": 60.0,
        "dual_qualified_percent": 40.0,
        "senior_title_percent": 25.0,
        "campus_area_per_student": 66.66,
        "building_area_per_student": 40.0,
        "equipment_per_student": 6666.66,
        "books_per_student": 66.66,
    }


def test_compute_gives_none_when_a_denominator_is_zero():
    derived = compute(school(enrolled_students=0, full_time_teachers=0, specialist_teachers=0))
    assert set(derived.values()) == {None}
    assert compute(school(specialist_teachers=0))["dual_qualified_percent"] is None
    assert compute(school(specialist_teachers=0))["specialist_percent"] == 0.0


def test_compute_treats_missing_or_malformed_counts_as_unknown():
    assert compute(school(full_time_teachers=None))["student_teacher_ratio"] is None
    assert compute(school(books="很多"))["books_per_student"] is None


def test_the_ratio_rounds_up_and_the_others_down_so_the_shown_value_is_judged():
    raw = school(enrolled_students=12001, full_time_teachers=600)  # 20.0016…:1
    assert compute(raw)["student_teacher_ratio"] == 20.01
    assert result(raw, "student_teacher_ratio").passed is False
    raw = school(full_time_teachers=3, specialist_teachers=1)  # 33.33…%
    assert compute(raw)["specialist_percent"] == 33.33


def test_every_indicator_has_a_setting_and_falls_back_to_its_default():
    assert len(INDICATORS) == 14
    assert all(key in SETTINGS and SETTINGS[key].group == "办学资质年检" for key in THRESHOLD_KEYS)
    assert DEFAULT_THRESHOLDS["inspection.min_students"] == 1200
    assert DEFAULT_THRESHOLDS["inspection.max_student_teacher_ratio"] == 20
    assert [r.passed for r in evaluate(school())] == [True] * 14
    assert evaluate(school(), {}) == evaluate(school(), DEFAULT_THRESHOLDS)


# (indicator, counts at the threshold, just below it, just above it); "below" means failing.
BOUNDARIES = [
    ("enrolled_students", {"enrolled_students": 1200}, {"enrolled_students": 1199}, {"enrolled_students": 1201}),
    ("full_time_teachers", {"full_time_teachers": 60}, {"full_time_teachers": 59}, {"full_time_teachers": 61}),
    (
        "student_teacher_ratio",
        {"enrolled_students": 2000, "full_time_teachers": 100},  # 20.0
        {"enrolled_students": 2005, "full_time_teachers": 100},  # 20.05
        {"enrolled_students": 1995, "full_time_teachers": 100},  # 19.95
    ),
    ("specialist_percent", {"specialist_teachers": 50}, {"specialist_teachers": 49}, {"specialist_teachers": 51}),
    (
        "dual_qualified_percent",
        {"specialist_teachers": 60, "dual_qualified_teachers": 18},  # 30%
        {"specialist_teachers": 60, "dual_qualified_teachers": 17},  # 28.33%
        {"specialist_teachers": 60, "dual_qualified_teachers": 19},  # 31.66%
    ),
    ("senior_title_percent", {"senior_title_teachers": 20}, {"senior_title_teachers": 19}, {"senior_title_teachers": 21}),
    ("campus_area", {"campus_area": 40000}, {"campus_area": 39999.5}, {"campus_area": 40001}),
    (
        "campus_area_per_student",
        {"enrolled_students": 1500, "campus_area": 49500},  # 33.00
        {"enrolled_students": 1500, "campus_area": 49499},  # 32.99
        {"enrolled_students": 1500, "campus_area": 49515},  # 33.01
    ),
    ("building_area", {"building_area": 24000}, {"building_area": 23999}, {"building_area": 24001}),
    (
        "building_area_per_student",
        {"enrolled_students": 1500, "building_area": 30000},  # 20.00
        {"enrolled_students": 1500, "building_area": 29999},  # 19.99
        {"enrolled_students": 1500, "building_area": 30015},  # 20.01
    ),
    ("equipment_value", {"equipment_value": 3_000_000}, {"equipment_value": 2_999_999}, {"equipment_value": 3_000_001}),
    (
        "equipment_per_student",
        {"enrolled_students": 1500, "equipment_value": 3_750_000},  # 2500.00
        {"enrolled_students": 1500, "equipment_value": 3_749_990},  # 2499.99
        {"enrolled_students": 1500, "equipment_value": 3_750_015},  # 2500.01
    ),
    (
        "books_per_student",
        {"enrolled_students": 1500, "books": 45000},  # 30.00
        {"enrolled_students": 1500, "books": 44999},  # 29.99
        {"enrolled_students": 1500, "books": 45015},  # 30.01
    ),
]  # fmt: skip


@pytest.mark.parametrize(
    ("key", "at", "below", "above"), BOUNDARIES, ids=[b[0] for b in BOUNDARIES]
)
def test_each_threshold_at_just_below_and_just_above(key, at, below, above):
    assert result(school(**at), key).passed is True
    assert result(school(**above), key).passed is True
    failed = result(school(**below), key)
    assert failed.passed is False
    assert 0 < failed.shortfall_ratio < 0.1  # one person, one m², one yuan short


def test_the_boundaries_cover_every_indicator():
    """All but the per-major count, whose threshold (2 people) one person short misses by half:
    its boundaries have tests of their own below."""
    keys = [indicator.key for indicator in INDICATORS]
    assert [b[0] for b in BOUNDARIES] == [key for key in keys if key != "major_qualified_teachers"]


def test_result_texts_name_requirement_and_actual_value_with_units():
    raw = school(enrolled_students=1150, full_time_teachers=60, campus_area=38500)
    texts = {r.key: (r.label, r.required, r.actual) for r in evaluate(raw)}
    assert texts["enrolled_students"] == ("学历教育在校生数", "≥ 1200 人", "1150 人")
    assert texts["student_teacher_ratio"] == ("生师比", "≤ 20:1", "19.17:1")
    assert texts["specialist_percent"] == ("专业课教师占专任教师比例", "≥ 50%", "100%")
    assert texts["campus_area"] == ("校园占地面积", "≥ 40,000 m²", "38,500 m²")
    assert texts["campus_area_per_student"] == ("生均校园占地面积", "≥ 33 m²/生", "33.47 m²/生")
    assert texts["equipment_value"] == ("仪器设备总值", "≥ 3,000,000 元", "10,000,000 元")
    assert texts["equipment_per_student"][1:] == ("≥ 2500 元/生", "8695.65 元/生")
    assert texts["books_per_student"][1:] == ("≥ 30 册/生", "86.95 册/生")


def test_a_failed_indicator_says_how_far_it_is_off():
    raw = school(
        enrolled_students=1150,
        full_time_teachers=50,
        specialist_teachers=24,
        campus_area=25000,
        building_area=12000,
    )
    gaps = {r.key: r.gap for r in evaluate(raw) if not r.passed}
    assert gaps == {
        "enrolled_students": "少 50 人",
        "full_time_teachers": "少 10 人",
        "student_teacher_ratio": "高出 3",
        "specialist_percent": "少 2 个百分点",
        "campus_area": "少 15,000 m²",
        "campus_area_per_student": "少 11.27 m²/生",
        "building_area": "少 12,000 m²",
        "building_area_per_student": "少 9.57 m²/生",
    }
    assert result(school(), "enrolled_students").gap == ""
    assert result(school(full_time_teachers=0), "student_teacher_ratio").gap == "无法计算"


def test_shortfall_is_relative_to_the_threshold():
    assert result(school(enrolled_students=1080), "enrolled_students").shortfall_ratio == 0.1
    assert result(school(enrolled_students=1079), "enrolled_students").shortfall_ratio == 0.1009
    ratio = result(school(enrolled_students=2200, full_time_teachers=100), "student_teacher_ratio")
    assert (ratio.actual, ratio.shortfall_ratio) == ("22:1", 0.1)
    assert result(school(), "enrolled_students").shortfall_ratio == 0.0


def test_a_value_that_cannot_be_computed_fails_by_the_whole_threshold():
    raw = school(full_time_teachers=0, specialist_teachers=0, dual_qualified_teachers=0)
    ratio = result(raw, "student_teacher_ratio")
    assert (ratio.passed, ratio.shortfall_ratio) == (False, 1.0)
    assert ratio.actual == "无法计算（专任教师数为 0）"
    assert result(school(books=None), "books_per_student").actual == "未填写"


def test_the_shortfall_is_capped_at_one():
    raw = school(enrolled_students=4500, full_time_teachers=100)  # 45:1 is 125% over
    assert result(raw, "student_teacher_ratio").shortfall_ratio == 1.0


def test_thresholds_come_from_the_settings_mapping():
    raw = school(enrolled_students=1100)
    assert result(raw, "enrolled_students").passed is False
    lowered = result(raw, "enrolled_students", {"inspection.min_students": 1000})
    assert (lowered.passed, lowered.required) == (True, "≥ 1000 人")
    stricter = {"inspection.max_student_teacher_ratio": 14.5}
    assert result(school(), "student_teacher_ratio", stricter).required == "≤ 14.5:1"
    assert result(school(), "student_teacher_ratio", stricter).passed is False


def test_a_zero_threshold_asks_for_nothing():
    raw = school(specialist_teachers=0, dual_qualified_teachers=0)
    assert result(
        raw, "dual_qualified_percent", {"inspection.min_dual_qualified_percent": 0}
    ).passed


def test_a_threshold_that_is_not_a_number_is_a_programming_error():
    with pytest.raises(ValueError, match="inspection.min_students"):
        evaluate(school(), {"inspection.min_students": "多"})


def _majors(*counts) -> dict:
    names = ("数控技术应用", "机电技术应用", "模具制造技术")
    return school(
        major_teachers=[
            {"major_code": f"66010{i}", "major_name": names[i], "qualified_teachers": count}
            for i, count in enumerate(counts)
        ]
    )


def test_each_major_needs_two_qualified_teachers_by_default():
    """设置标准 第七条: each major at least 2 full-time teachers of intermediate title or above."""
    assert SETTINGS["inspection.min_qualified_teachers_per_major"].default == 2
    passed = result(_majors(2, 5), "major_qualified_teachers")
    assert passed.passed and passed.required == "每个专业 ≥ 2 人"
    assert passed.actual == "2 个专业，最少 2 人" and passed.gap == ""
    failed = result(_majors(1, 5, 0), "major_qualified_teachers")
    assert not failed.passed and failed.shortfall_ratio == 1.0  # the weakest major has none
    assert failed.gap == "2 个专业不足：数控技术应用（1 人）、模具制造技术（0 人）"
    assert result(_majors(1, 5), "major_qualified_teachers").shortfall_ratio == 0.5


def test_the_per_major_threshold_is_its_own_setting():
    raw = _majors(2, 2)
    stricter = {"inspection.min_qualified_teachers_per_major": 3}
    found = result(raw, "major_qualified_teachers", stricter)
    assert not found.passed and found.required == "每个专业 ≥ 3 人"
    # the other indicators do not move
    others = [r.passed for r in evaluate(raw, stricter) if r.key != "major_qualified_teachers"]
    assert all(others)


def test_a_major_left_blank_fails_and_no_majors_on_record_pass():
    blank = result(_majors(3, None), "major_qualified_teachers")
    assert not blank.passed and "机电技术应用（未填写）" in blank.gap
    assert blank.actual == "2 个专业，有未填写"
    none = result(school(), "major_qualified_teachers")
    assert none.passed and none.actual == "未登记开设专业"
