"""The annual_inspection forms load and agree with the rules' names; the rule validators."""

from __future__ import annotations

from datetime import date

import pytest

from tests.processes.annual_inspection.samples import ROOT, school
from webapp.processes.annual_inspection.rules import (
    INDICATORS,
    RAW_FIELDS,
    STANDINGS,
    validate_onsite_check,
    validate_rectification_report,
    validate_self_assessment,
)
from webapp.processes.annual_inspection.rules.indicators import COUNTS, FLAGS
from webapp.processes.annual_inspection.rules.sanctions import LADDER
from webapp.taskforms import load_form, validate

FORMS = ROOT / "forms"
TASKS = (
    "self_assessment",
    "city_review",
    "province_review",
    "onsite_check",
    "rectification_report",
    "rectification_review",
    "sanction_decision",
    "lift_sanction",
)
TODAY = date(2026, 1, 10)
FILE = {"attachment_id": 1, "filename": "办学许可证.pdf"}


def form(task_id: str):
    loaded = load_form(FORMS, "annual_inspection", task_id)  # FormFileError when invalid
    assert loaded is not None, task_id
    return loaded


@pytest.mark.parametrize("task_id", TASKS)
def test_every_form_loads_as_a_valid_schema(task_id):
    assert form(task_id).fields()


def test_the_folder_holds_exactly_these_forms():
    assert sorted(p.stem for p in (FORMS / "annual_inspection").glob("*.json")) == sorted(TASKS)


def test_the_self_assessment_asks_for_every_count_and_yes_no_item():
    fields = {f.name: f for f in form("self_assessment").fields()}
    assert set(RAW_FIELDS) <= set(fields)
    assert all(fields[name].widget == "checkbox" for name in FLAGS)
    assert all(fields[name].schema["minimum"] == 0 for name in COUNTS)
    table = fields["major_teachers"]
    assert table.widget == "table" and not table.required
    assert [c.name for c in table.columns] == ["major_code", "major_name", "qualified_teachers"]
    assert (
        fields["self_assessment_evidence"].widget == "file"
        and fields["self_assessment_evidence"].multiple
    )


def test_a_clean_self_assessment_passes_schema_and_rules():
    data = school(self_assessment_evidence=[FILE])
    assert validate(form("self_assessment"), data) == {}
    assert validate_self_assessment(data, TODAY, {}) == {}


def test_a_serious_violation_needs_details():
    errors = validate(
        form("self_assessment"), school(serious_violation=True, self_assessment_evidence=[FILE])
    )
    assert list(errors) == ["violation_details"]


def test_the_rectification_rows_choose_among_the_indicators():
    table = form("rectification_report").field("rectification_items")
    options = dict(table.column("indicator").options)
    assert list(options) == [indicator.key for indicator in INDICATORS] + ["serious_violation"]
    assert [options[i.key] for i in INDICATORS] == [i.label for i in INDICATORS]


def test_decision_options_match_the_rules():
    assert [v for v, _ in form("sanction_decision").field("sanction_rung").options] == list(LADDER)
    assert all(v in STANDINGS for v in LADDER)
    grades = [v for v, _ in form("onsite_check").field("onsite_grade").options]
    assert grades == ["合格", "基本合格", "不合格"]
    decisions = [v for v, _ in form("province_review").field("province_decision").options]
    assert decisions == ["confirm", "onsite_check", "return"]


@pytest.mark.parametrize(
    ("task_id", "data", "missing"),
    [
        ("city_review", {"city_decision": "return"}, "city_reason"),
        ("province_review", {"province_decision": "return"}, "province_reason"),
        ("province_review", {"province_decision": "onsite_check"}, "province_reason"),
        (
            "rectification_review",
            {"rectification_decision": "reject"},
            "rectification_review_reason",
        ),
        (
            "sanction_decision",
            {
                "sanction_rung": "enrollment_cut",
                "sanction_reason": "逾期未整改",
                "sanction_document_no": "辽教函〔2026〕12号",
            },
            "sanction_cut_percent",
        ),
    ],
)
def test_reasons_are_required_where_the_decision_needs_one(task_id, data, missing):
    assert list(validate(form(task_id), data)) == [missing]


@pytest.mark.parametrize(
    ("task_id", "data"),
    [
        ("city_review", {"city_decision": "pass_on"}),
        ("province_review", {"province_decision": "confirm"}),
        ("rectification_review", {"rectification_decision": "accept"}),
        (
            "sanction_decision",
            {
                "sanction_rung": "enrollment_stopped",
                "sanction_reason": "逾期未整改",
                "sanction_document_no": "辽教函〔2026〕12号",
            },
        ),
    ],
)
def test_decisions_that_need_no_reason(task_id, data):
    assert validate(form(task_id), data) == {}


# --- validate_self_assessment


def test_parts_cannot_exceed_their_whole():
    data = school(
        full_time_teachers=60,
        specialist_teachers=65,
        dual_qualified_teachers=70,
        senior_title_teachers=61,
    )
    errors = validate_self_assessment(data, TODAY, {})
    assert errors == {
        "specialist_teachers": "“专业课教师数”（65 人）不能多于“专任教师数”（60 人）：专业课教师是专任教师的一部分，请核对（中等职业学校设置标准）",
        "dual_qualified_teachers": "“双师型教师数”（70 人）不能多于“专业课教师数”（65 人）：双师型教师从专业课教师中认定，请核对（中等职业学校设置标准）",
        "senior_title_teachers": "“高级职称专任教师数”（61 人）不能多于“专任教师数”（60 人）：高级职称教师按专任教师统计，请核对（中等职业学校设置标准）",
    }


def test_equal_parts_are_fine():
    data = school(
        full_time_teachers=60,
        specialist_teachers=60,
        dual_qualified_teachers=60,
        senior_title_teachers=60,
    )
    assert validate_self_assessment(data, TODAY, {}) == {}


def test_areas_must_be_positive():
    errors = validate_self_assessment(school(campus_area=0, building_area=-1), TODAY, {})
    assert errors == {
        "campus_area": "“校园占地面积”须大于 0，请填写实际面积（m²）",
        "building_area": "“校舍建筑面积”须大于 0，请填写实际面积（m²）",
    }


def test_missing_values_are_left_to_the_schema():
    assert validate_self_assessment({"specialist_teachers": 5}, TODAY, {}) == {}


# --- the other validators


def test_the_onsite_check_is_not_dated_in_the_future():
    assert validate_onsite_check({"onsite_date": "2026-01-10"}, TODAY, {}) == {}
    errors = validate_onsite_check({"onsite_date": "2026-01-11"}, TODAY, {})
    assert errors == {"onsite_date": "核查日期 2026-01-11 晚于今天，请在现场核查后填写实际日期"}
    assert validate_onsite_check({"onsite_date": "昨天"}, TODAY, {}) == {}


def test_a_rectification_row_per_indicator_with_its_new_value():
    rows = [
        {"indicator": "enrolled_students", "measure": "扩大招生", "new_value": 1250},
        {"indicator": "serious_violation", "measure": "问责并完善制度"},
        {"indicator": "campus_area", "measure": "新征土地"},
        {"indicator": "enrolled_students", "measure": "再次扩招", "new_value": 1300},
    ]
    errors = validate_rectification_report({"rectification_items": rows}, TODAY, {})
    assert errors == {
        "rectification_items.2.new_value": "第3行：请填写“校园占地面积”整改后的数值",
        "rectification_items.3.indicator": "第4行：“学历教育在校生数”已填报，请合并到同一行",
    }


OFFERED = {
    "offered_majors": [
        {"code": "660103", "name": "数控技术应用"},
        {"code": "660301", "name": "机电技术应用"},
    ]
}


def _majors(*rows) -> dict:
    keys = ("major_code", "major_name", "qualified_teachers")
    return school(major_teachers=[dict(zip(keys, row, strict=True)) for row in rows])


def test_each_offered_major_has_one_row_with_its_count():
    data = _majors(("660103", "数控技术应用", 3), ("660301", "机电技术应用", 2))
    assert validate(form("self_assessment"), data | {"self_assessment_evidence": [FILE]}) == {}
    assert validate_self_assessment(data, TODAY, OFFERED) == {}


def test_a_missing_major_a_stranger_a_duplicate_and_a_wrong_name_are_named():
    errors = validate_self_assessment(
        _majors(
            ("660103", "数控技术", 3),
            ("660103", "数控技术应用", 3),
            ("790101", "幼儿保育", 2),
        ),
        TODAY,
        OFFERED,
    )
    assert errors["major_teachers.0.major_name"].endswith("专业名称应为“数控技术应用”")
    assert "已填报" in errors["major_teachers.1.major_code"]
    assert "不是本校开设专业" in errors["major_teachers.2.major_code"]
    assert "尚缺：660301 机电技术应用" in errors["major_teachers"]
    assert "《中等职业学校设置标准》第七条" in errors["major_teachers"]


def test_a_major_cannot_count_more_teachers_than_the_school_has():
    data = _majors(("660103", "数控技术应用", 120), ("660301", "机电技术应用", 2))
    errors = validate_self_assessment(data, TODAY, OFFERED)
    assert list(errors) == ["major_teachers.0.qualified_teachers"]
    assert "不能多于专任教师数（100 人）" in errors["major_teachers.0.qualified_teachers"]


def test_a_school_without_majors_on_record_needs_no_rows():
    assert validate_self_assessment(school(), TODAY, {"offered_majors": []}) == {}
