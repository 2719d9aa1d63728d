"""专业动态调整's rules: pure functions of the submitted data, today and reference data (the
catalogue, the school's majors, its standing, the window) that the hooks read for them."""

from .requests import (
    validate_add,
    validate_adjust,
    validate_invite,
    validate_stop,
    validate_transform,
)
from .script_functions import SCRIPT_FUNCTIONS
from .start import KINDS, validate_start, window_notice
from .suggestions import low_majors

__all__ = [
    "KINDS",
    "SCRIPT_FUNCTIONS",
    "low_majors",
    "validate_add",
    "validate_adjust",
    "validate_invite",
    "validate_start",
    "validate_stop",
    "validate_transform",
    "window_notice",
]
