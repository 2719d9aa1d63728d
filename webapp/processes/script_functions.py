"""Domain functions that BPMN conditions and scripts may call through the restricted evaluator."""

from __future__ import annotations

from collections.abc import Callable


def script_functions() -> dict[str, Callable]:
    """The names a diagram may use beyond the evaluator's safe builtins."""
    return {}
