"""Pure domain rules, one module per process, plus the functions BPMN scripts may call.

VALIDATORS maps (process key, task id) to a rule check run after the form's schema check:
it takes the submitted data and today's local date and returns {field: Chinese message}.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from webapp.processes import student_registration

Validator = Callable[[dict, date], dict[str, str]]

VALIDATORS: dict[tuple[str, str], Validator] = {
    ("student_registration", "record_batch"): student_registration.validate_batch,
}


def rule_errors(process_key: str, task_id: str, data: dict, today: date) -> dict[str, str]:
    validator = VALIDATORS.get((process_key, task_id))
    return validator(data, today) if validator else {}
