"""The summary of a self-assessment that the decision table `inspection_grade`
(workflows/inspection_grade.dmn) grades into 合格 / 基本合格 / 不合格 / 取缔招生资格.

Design: the indicator thresholds are settings, applied here in Python; the decision table grades
only the computed summary (how many indicators failed, by how much at worst, and the yes/no
items). Changing a threshold setting therefore never needs a DMN edit, and the table stays a
short, readable statement of the grading policy.

The table's rules, first to last (they exclude each other; hit policy UNIQUE):
  1–3. no qualification for academic education, or an unapproved branch campus
       → 取缔招生资格 (RULES §1.7: enrollment rights lost at once, no rectification path)
  4.   a serious violation in 招生/学籍/资助/实习 this year → 不合格
  5.   no failed indicator → 合格
  6.   1 to `basic_pass_max_failed` failed indicators, each at most `basic_pass_max_shortfall`
       below its threshold (relative to the threshold) → 基本合格
  7.   1 to `basic_pass_max_failed` failed, one of them further below → 不合格
  8.   more failed indicators than that → 不合格

The 基本合格 band (2 indicators, 10%) is named here as BASIC_PASS_MAX_FAILED and
BASIC_PASS_MAX_SHORTFALL_PERCENT. They are constants, not yet settings, but are read like
settings: a thresholds mapping holding BASIC_PASS_KEYS overrides them, and they reach the table
as data (`basic_pass_max_failed`, `basic_pass_max_shortfall`), so making them settings later
means adding two setting definitions, with no change to this module or to the DMN.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from webapp.processes.annual_inspection.rules.indicators import Number, decimal, evaluate

DECISION_ID = "inspection_grade"
GRADES = ("合格", "基本合格", "不合格", "取缔招生资格")
PASSED, BASIC_PASS, FAILED, REVOKED = GRADES
RECTIFY = (BASIC_PASS, FAILED)  # grades that get a rectification notice (RULES §1.4)

BASIC_PASS_MAX_FAILED = 2
BASIC_PASS_MAX_SHORTFALL_PERCENT = 10
BASIC_PASS_KEYS = {
    "inspection.basic_pass_max_failed": BASIC_PASS_MAX_FAILED,
    "inspection.basic_pass_max_shortfall_percent": BASIC_PASS_MAX_SHORTFALL_PERCENT,
}

# What the business rule task reads from task data, and what it writes.
DMN_INPUTS = (
    "no_academic_qualification",
    "unapproved_branch",
    "serious_violation",
    "failed_count",
    "worst_shortfall",
)
DMN_PARAMETERS = ("basic_pass_max_failed", "basic_pass_max_shortfall")
DMN_OUTPUTS = ("grade", "grade_reason")


def summary_for_grading(raw: Mapping, thresholds: Mapping[str, Number] | None = None) -> dict:
    """The decision table's inputs and parameters, plus `failed_indicators` (key, label,
    required, actual, gap) for the rectification notice. JSON-safe, for task data."""
    thresholds = thresholds or {}
    failed = [result for result in evaluate(raw, thresholds) if not result.passed]
    return {
        "no_academic_qualification": bool(raw.get("no_academic_qualification")),
        "unapproved_branch": bool(raw.get("unapproved_branch")),
        "serious_violation": bool(raw.get("serious_violation")),
        "failed_count": len(failed),
        "worst_shortfall": max((result.shortfall_ratio for result in failed), default=0.0),
        **basic_pass_band(thresholds),
        "failed_indicators": [result.as_notice_row() for result in failed],
    }


def basic_pass_band(thresholds: Mapping[str, Number]) -> dict:
    """`basic_pass_max_failed` (a count) and `basic_pass_max_shortfall` (a fraction, 0.1)."""
    most_failed = _setting(thresholds, "inspection.basic_pass_max_failed")
    percent = _setting(thresholds, "inspection.basic_pass_max_shortfall_percent")
    return {
        "basic_pass_max_failed": int(most_failed),
        "basic_pass_max_shortfall": float(percent / 100),
    }


def _setting(thresholds: Mapping[str, Number], key: str) -> Decimal:
    value = thresholds.get(key, BASIC_PASS_KEYS[key])
    number = decimal(value)
    if number is None or number < 0:
        raise ValueError(f"{key!r} must be a number of at least 0, not {value!r}")
    return number
