"""Pure domain rules, one module per process, plus the functions BPMN scripts may call.

VALIDATORS maps (process key, form key) to a rule check run after the form's schema check:
it takes the submitted data, today's local date and a context of reference data the service
reads from the database (e.g. the 违法失信单位 list, settings), and returns {field: message}.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from webapp.processes import inspection, internship_flow, student_registration

Validator = Callable[[dict, date, dict], dict[str, str]]

VALIDATORS: dict[tuple[str, str], Validator] = {
    ("student_registration", "record_batch"): student_registration.validate_batch,
    ("internship_approval", "submit_application"): internship_flow.validate_application,
    ("annual_inspection", "self_assessment"): inspection.validate_self_assessment,
    ("annual_inspection", "onsite_check"): inspection.validate_onsite_check,
    ("annual_inspection", "rectification_report"): inspection.validate_rectification_report,
}


def has_rules(process_key: str, form_key: str) -> bool:
    return (process_key, form_key) in VALIDATORS


def rule_errors(
    process_key: str, form_key: str, data: dict, today: date, context: dict | None = None
) -> dict[str, str]:
    validator = VALIDATORS.get((process_key, form_key))
    return validator(data, today, context or {}) if validator else {}
