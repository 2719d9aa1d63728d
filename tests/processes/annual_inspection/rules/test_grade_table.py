"""The decision table workflows/inspection_grade.dmn, run by the real engine (RULES.md §1.2, §1.7).

No Python copy of the table exists: every expectation here is a fixed value."""

from __future__ import annotations

import importlib.util
import itertools
import re
from pathlib import Path

import pytest
from lxml import etree

from tests.processes.annual_inspection.samples import DMN, decide, grade_school, school, summary
from webapp.processes.annual_inspection.rules import GRADES, summary_for_grading
from webapp.processes.annual_inspection.rules.grading import DMN_INPUTS, DMN_OUTPUTS, DMN_PARAMETERS
from webapp.sources import POLICY, policy_article

DMN_NS = {"dmn": "https://www.omg.org/spec/DMN/20191111/MODEL/"}


@pytest.mark.parametrize(
    ("inputs", "grade"),
    [
        ({}, "合格"),
        ({"failed_count": 1, "worst_shortfall": 0.0001}, "基本合格"),
        ({"failed_count": 2, "worst_shortfall": 0.1}, "基本合格"),  # both band edges
        ({"failed_count": 2, "worst_shortfall": 0.1001}, "不合格"),  # just over 10%
        ({"failed_count": 1, "worst_shortfall": 0.1001}, "不合格"),
        ({"failed_count": 1, "worst_shortfall": 1.0}, "不合格"),
        ({"failed_count": 3, "worst_shortfall": 0.0001}, "不合格"),  # one indicator too many
        ({"failed_count": 13, "worst_shortfall": 1.0}, "不合格"),
    ],
)
def test_the_basic_pass_band(inputs, grade):
    assert decide(summary(**inputs))[0] == grade


def test_the_band_comes_from_the_data_so_widening_it_needs_no_dmn_edit():
    assert decide(summary(failed_count=3, worst_shortfall=0.05))[0] == "不合格"
    assert (
        decide(summary(failed_count=3, worst_shortfall=0.05, basic_pass_max_failed=3))[0]
        == "基本合格"
    )
    wider = summary(failed_count=1, worst_shortfall=0.15, basic_pass_max_shortfall=0.2)
    assert decide(wider) == (
        "基本合格",
        "1 项指标未达到设置标准，差距均在 20% 以内，评为基本合格，须限期整改",
    )


@pytest.mark.parametrize(
    "inputs",
    [
        {"no_academic_qualification": True},
        {"unapproved_branch": True},
        {"no_academic_qualification": True, "unapproved_branch": True},
        {
            "unapproved_branch": True,
            "serious_violation": True,
            "failed_count": 9,
            "worst_shortfall": 1.0,
        },
    ],
)
def test_no_qualification_or_an_unapproved_branch_revokes_enrollment_at_once(inputs):
    grade, reason = decide(summary(**inputs))
    assert grade == "取缔招生资格"
    assert "不适用整改" in reason and f"（{policy_article('八')}）" in reason


def test_the_table_cites_the_policy_by_the_title_sources_gives():
    """The DMN holds literal strings: each title it cites must be webapp.sources' constant."""
    texts = etree.parse(str(DMN)).xpath("//dmn:outputEntry/dmn:text/text()", namespaces=DMN_NS)
    titles = {title for text in texts for title in re.findall(r"《[^》]+》", text)}
    assert titles == {POLICY}
    cited = [text for text in texts if "《" in text]
    assert len(cited) == 3 and all(policy_article("八") in text for text in cited)


def test_revocation_reasons_name_what_was_found():
    assert decide(summary(no_academic_qualification=True))[1].startswith(
        "不具备中等职业学历教育办学资质："
    )
    assert decide(summary(unapproved_branch=True))[1].startswith("设有未经办学地教育行政部门审批")
    both = decide(summary(no_academic_qualification=True, unapproved_branch=True))[1]
    assert "办学资质，且设有未经" in both


@pytest.mark.parametrize(("failed_count", "worst_shortfall"), [(0, 0.0), (1, 0.01), (5, 0.5)])
def test_a_serious_violation_fails_whatever_the_indicators(failed_count, worst_shortfall):
    inputs = summary(
        serious_violation=True, failed_count=failed_count, worst_shortfall=worst_shortfall
    )
    grade, reason = decide(inputs)
    assert grade == "不合格" and "严重违规" in reason


def test_reasons_say_how_many_indicators_failed_and_by_how_much():
    assert decide(summary()) == ("合格", "各项指标均达到中等职业学校设置标准")
    assert decide(summary(failed_count=2, worst_shortfall=0.1234))[1] == (
        "2 项指标未达到设置标准，最大差距 12.34%，超过基本合格允许的 10%，须限期整改"
    )
    assert decide(summary(failed_count=4, worst_shortfall=0.02))[1] == (
        "4 项指标未达到设置标准，超过基本合格允许的 2 项，须限期整改"
    )


def test_every_combination_of_inputs_gets_exactly_one_of_the_four_grades():
    flags = list(itertools.product([False, True], repeat=3))
    counts = [(0, 0.0), (1, 0.1), (2, 0.5), (3, 0.01)]
    for (no_qualification, branch, violation), (failed, shortfall) in itertools.product(
        flags, counts
    ):
        inputs = summary(
            no_academic_qualification=no_qualification,
            unapproved_branch=branch,
            serious_violation=violation,
            failed_count=failed,
            worst_shortfall=shortfall,
        )
        assert decide(inputs)[0] in GRADES


def test_the_rules_exclude_each_other():
    """Hit policy UNIQUE: for each input column, no two rules may overlap on every column.
    Checked on the table's text, since the engine quietly takes the first match."""
    root = etree.parse(str(DMN)).getroot()
    (table,) = root.iterfind(".//dmn:decisionTable", DMN_NS)
    assert table.get("hitPolicy") == "UNIQUE"
    rules = [
        [
            entry.findtext("dmn:text", namespaces=DMN_NS)
            for entry in rule.iterfind("dmn:inputEntry", DMN_NS)
        ]
        for rule in table.iterfind("dmn:rule", DMN_NS)
    ]
    for first, second in itertools.combinations(rules, 2):
        assert any(_disjoint(a, b) for a, b in zip(first, second, strict=True)), (first, second)


def _disjoint(a: str, b: str) -> bool:
    pairs = {
        frozenset({"True", "False"}),
        frozenset({"0", "0 < ? <= basic_pass_max_failed"}),
        frozenset({"0", "> basic_pass_max_failed"}),
        frozenset({"0 < ? <= basic_pass_max_failed", "> basic_pass_max_failed"}),
        frozenset({"<= basic_pass_max_shortfall", "> basic_pass_max_shortfall"}),
    }
    return frozenset({a, b}) in pairs


def test_the_table_reads_and_writes_the_documented_names():
    root = etree.parse(str(DMN)).getroot()
    (decision,) = root.iterfind("dmn:decision", DMN_NS)
    assert decision.get("id") == "inspection_grade"
    inputs = [text.text for text in decision.iterfind(".//dmn:inputExpression/dmn:text", DMN_NS)]
    outputs = [output.get("name") for output in decision.iterfind(".//dmn:output", DMN_NS)]
    assert tuple(inputs) == DMN_INPUTS and tuple(outputs) == DMN_OUTPUTS
    produced = summary_for_grading(school())
    assert set(produced) == {*DMN_INPUTS, *DMN_PARAMETERS, "failed_indicators"}


def test_the_table_is_valid_dmn_1_3_with_a_diagram():
    """What a DMN modeler opens: schema-valid DMN 1.3 with a DMNDI shape for the decision."""
    spec = importlib.util.find_spec("SpiffWorkflow")
    assert spec is not None and spec.submodule_search_locations
    xsd = Path(spec.submodule_search_locations[0]) / "dmn" / "parser" / "schema" / "DMN13.xsd"
    schema = etree.XMLSchema(etree.parse(str(xsd)))
    document = etree.parse(str(DMN))
    assert schema.validate(document), schema.error_log
    dmndi = "https://www.omg.org/spec/DMN/20191111/DMNDI/"
    shapes = document.getroot().iterfind(f".//{{{dmndi}}}DMNShape")
    assert [shape.get("dmnElementRef") for shape in shapes] == ["inspection_grade"]


# --- from the school's counts through the diagram's script to the grade


@pytest.mark.parametrize(
    ("changes", "grade"),
    [
        ({}, "合格"),
        ({"enrolled_students": 1200}, "合格"),
        ({"enrolled_students": 1201}, "合格"),
        ({"enrolled_students": 1199}, "基本合格"),
        ({"enrolled_students": 1080}, "基本合格"),  # exactly 10% short
        ({"enrolled_students": 1079}, "不合格"),  # just over 10% short
        ({"enrolled_students": 2000, "full_time_teachers": 100}, "合格"),  # 20.0:1
        ({"enrolled_students": 2005, "full_time_teachers": 100}, "基本合格"),  # 20.05:1
        ({"enrolled_students": 2200, "full_time_teachers": 100}, "基本合格"),  # 22:1, 10% over
        ({"enrolled_students": 2201, "full_time_teachers": 100}, "不合格"),  # 22.01:1
        ({"specialist_teachers": 50, "dual_qualified_teachers": 15}, "合格"),  # 50%, 30%
        ({"specialist_teachers": 49, "dual_qualified_teachers": 15}, "基本合格"),  # 49%, 30.61%
        ({"dual_qualified_teachers": 18}, "合格"),  # 30% of 60
        ({"dual_qualified_teachers": 17}, "基本合格"),  # 28.33%
        ({"senior_title_teachers": 20}, "合格"),
        ({"senior_title_teachers": 17}, "不合格"),  # 17%: 15% short
        ({"campus_area": 40000, "enrolled_students": 1200}, "合格"),  # 33.33 m²/student
        ({"campus_area": 49500}, "合格"),  # 33.00 m²/student
        ({"campus_area": 49499}, "基本合格"),
        ({"building_area": 24000, "enrolled_students": 1200}, "合格"),
        # 23,999 m² and 19.99 m²/student: two indicators, each barely short
        ({"building_area": 23999, "enrolled_students": 1200}, "基本合格"),
        # and 29.99 books/student: a third one
        ({"building_area": 23999, "enrolled_students": 1200, "books": 35999}, "不合格"),
        ({"equipment_value": 3_750_000}, "合格"),  # 2500 元/student
        ({"equipment_value": 3_749_990}, "基本合格"),
        ({"books": 45000}, "合格"),
        ({"books": 44999}, "基本合格"),
    ],
)
def test_counts_graded_end_to_end(changes, grade):
    assert grade_school(school(**changes))["grade"] == grade


@pytest.mark.parametrize(
    ("changes", "grade"),
    [
        ({"serious_violation": True}, "不合格"),
        ({"unapproved_branch": True}, "取缔招生资格"),
        ({"no_academic_qualification": True, "enrolled_students": 500}, "取缔招生资格"),
    ],
)
def test_the_yes_no_items_reach_the_table(changes, grade):
    assert grade_school(school(**changes))["grade"] == grade


def test_threshold_settings_change_the_grade_without_touching_the_table():
    raw = school(enrolled_students=1050)
    assert grade_school(raw)["grade"] == "不合格"  # 12.5% short of 1200
    assert grade_school(raw, {"inspection.min_students": 1100})["grade"] == "基本合格"
    assert grade_school(raw, {"inspection.min_students": 1000})["grade"] == "合格"
    wider_band = {"inspection.basic_pass_max_shortfall_percent": 15}
    assert grade_school(raw, wider_band)["grade"] == "基本合格"


@pytest.mark.parametrize("round_trip", [False, True], ids=["straight", "round_trip"])
def test_the_notice_rows_are_in_the_task_data(round_trip):
    data = grade_school(school(enrolled_students=1150, campus_area=38000), round_trip=round_trip)
    assert data["grade"] == "基本合格"
    assert data["failed_count"] == 2 and data["worst_shortfall"] == 0.05
    assert data["failed_indicators"] == [
        {
            "key": "enrolled_students",
            "label": "学历教育在校生数",
            "required": "≥ 1200 人",
            "actual": "1150 人",
            "gap": "少 50 人",
        },
        {
            "key": "campus_area",
            "label": "校园占地面积",
            "required": "≥ 40,000 m²",
            "actual": "38,000 m²",
            "gap": "少 2000 m²",
        },
    ]
    assert data["grade_reason"].startswith("2 项指标未达到设置标准")


def test_the_decision_survives_a_save_and_restore():
    assert decide(summary(failed_count=1, worst_shortfall=0.05), round_trip=True)[0] == "基本合格"
