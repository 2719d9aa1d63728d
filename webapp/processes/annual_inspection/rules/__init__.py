"""Annual qualification inspection rules (办学资质年检, RULES.md §1; provincial opinion §8).

Pure functions: no Flask, no database, no clock. What the annual_inspection diagram needs:

Start data (from the service, like internship's @start_data_for):
    inspection_thresholds   {settings key: value} for indicators.THRESHOLD_KEYS (a key left
                            out takes its default); may also carry grading.BASIC_PASS_KEYS.

Forms (forms/annual_inspection/<task id>.json) and their data fields:
    self_assessment        school: enrolled_students, full_time_teachers, specialist_teachers,
                           dual_qualified_teachers, senior_title_teachers (integers),
                           campus_area, building_area (m²), equipment_value (元) (numbers),
                           books (integer, 册); major_teachers [{major_code, major_name,
                           qualified_teachers}] (one row per offered major, prefilled at
                           start; checked against rule_context "offered_majors");
                           serious_violation, unapproved_branch,
                           no_academic_qualification (checkboxes); violation_details (required
                           when serious_violation), self_assessment_notes (说明),
                           self_assessment_evidence (files, at least one). ui.prefill.
    city_review            city_decision "pass_on" | "return"; city_reason (required on
                           return); city_opinion.
    province_review        province_decision "confirm" | "onsite_check" | "return";
                           province_reason (required unless confirm).
    onsite_check           onsite_date, onsite_inspectors, onsite_findings, onsite_photos
                           (files), onsite_grade "合格" | "基本合格" | "不合格" (confirms or
                           corrects `grade`).
    rectification_report   rectification_items [{indicator, measure, new_value}] (indicator:
                           an indicator key or "serious_violation"), rectification_evidence
                           (files), rectification_summary. ui.prefill: a script may preset
                           rectification_items from failed_indicators.
    rectification_review   rectification_decision "accept" | "reject";
                           rectification_review_reason (required on reject).
    sanction_decision      sanction_rung "enrollment_cut" | "registration_suspended" |
                           "enrollment_stopped"; sanction_cut_percent (required for
                           enrollment_cut); sanction_reason; sanction_document_no (文号).
                           ui.prefill: set sanction_rung/sanction_cut_percent from
                           next_sanction(...) before the task and the form opens on them.
    rectification_report_stopped  (formKey rectification_report) after 停止招生, no deadline.
    lift_sanction          lift_reason, lift_document_no: the province lifts the case's
                           sanctions once a sanctioned school's rectification is accepted.

Validators for webapp/processes/__init__.py VALIDATORS (data, today, context) -> {field: msg}:
    ("annual_inspection", "self_assessment")       form.validate_self_assessment
    ("annual_inspection", "onsite_check")          form.validate_onsite_check
    ("annual_inspection", "rectification_report")  form.validate_rectification_report

Script functions (script_functions.SCRIPT_FUNCTIONS, to merge into the registry):
    inspection_summary(enrolled_students, full_time_teachers, specialist_teachers,
        dual_qualified_teachers, senior_title_teachers, campus_area, building_area,
        equipment_value, books, serious_violation, unapproved_branch,
        no_academic_qualification, thresholds, major_teachers=None)
        -> grading.summary_for_grading(...)
    next_sanction(current_standing, cut_percent) -> {sanction_rung, sanction_cut_percent,
        sanction_label}

Grading: a script sets the decision's inputs as top-level variables, then a business rule task
with spiffworkflow:calledDecisionId `inspection_grade` (workflows/inspection_grade.dmn) sets
`grade` ("合格" | "基本合格" | "不合格" | "取缔招生资格") and `grade_reason` (Chinese):
    summary = inspection_summary(enrolled_students, ..., no_academic_qualification,
                                 inspection_thresholds)
    failed_count = summary["failed_count"]                    # DMN input, int
    worst_shortfall = summary["worst_shortfall"]              # DMN input, 0–1
    serious_violation = summary["serious_violation"]          # DMN input, bool
    unapproved_branch = summary["unapproved_branch"]          # DMN input, bool
    no_academic_qualification = summary["no_academic_qualification"]  # DMN input, bool
    basic_pass_max_failed = summary["basic_pass_max_failed"]          # DMN parameter (2)
    basic_pass_max_shortfall = summary["basic_pass_max_shortfall"]    # DMN parameter (0.1)
    failed_indicators = summary["failed_indicators"]  # [{key, label, required, actual, gap}]
The rules and the design are in grading.py; tests/processes/annual_inspection/rules/diagrams/
has a working diagram doing exactly this. Grades in grading.RECTIFY get a rectification notice;
取缔招生资格 has no rectification path (sanctions.standing_after_grade).

School standing (sanctions.STANDINGS, the values of Organisation.standing in webapp/models/org.py):
"" (正常), enrollment_cut, registration_suspended, enrollment_stopped, enrollment_revoked;
may_enroll / may_register_new_students say what each allows.
"""

from __future__ import annotations

from webapp.processes.annual_inspection.rules.form import (
    validate_onsite_check,
    validate_rectification_report,
    validate_self_assessment,
)
from webapp.processes.annual_inspection.rules.grading import (
    BASIC_PASS_MAX_FAILED,
    BASIC_PASS_MAX_SHORTFALL_PERCENT,
    DECISION_ID,
    GRADES,
    summary_for_grading,
)
from webapp.processes.annual_inspection.rules.indicators import (
    INDICATORS,
    RAW_FIELDS,
    THRESHOLD_KEYS,
    IndicatorResult,
    compute,
    evaluate,
)
from webapp.processes.annual_inspection.rules.sanctions import (
    STANDINGS,
    Rung,
    may_enroll,
    may_register_new_students,
    next_rung,
    rung_label,
    standing_after_grade,
)
from webapp.processes.annual_inspection.rules.script_functions import SCRIPT_FUNCTIONS

__all__ = [
    "BASIC_PASS_MAX_FAILED",
    "BASIC_PASS_MAX_SHORTFALL_PERCENT",
    "DECISION_ID",
    "GRADES",
    "INDICATORS",
    "RAW_FIELDS",
    "SCRIPT_FUNCTIONS",
    "STANDINGS",
    "THRESHOLD_KEYS",
    "IndicatorResult",
    "Rung",
    "compute",
    "evaluate",
    "may_enroll",
    "may_register_new_students",
    "next_rung",
    "rung_label",
    "standing_after_grade",
    "summary_for_grading",
    "validate_onsite_check",
    "validate_rectification_report",
    "validate_self_assessment",
]
