"""Domain functions that BPMN conditions and scripts may call through the restricted evaluator."""

from __future__ import annotations

from collections.abc import Callable

from webapp.processes import internship_flow, student_registration


def script_functions() -> dict[str, Callable]:
    """The names a diagram may use beyond the evaluator's safe builtins and the working-day
    functions (webapp/workdays/script_functions.py)."""
    return {
        "registration_cap": student_registration.registration_cap,
        **internship_flow.SCRIPT_FUNCTIONS,
    }
