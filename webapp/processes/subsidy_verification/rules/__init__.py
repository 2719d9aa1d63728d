"""学生资助核查's pure rules: the flag codes, the recipient list's row checks and the settings
they read. The set-based checks themselves are SQL (checks.py)."""

from .answers import validate_answers, validate_city, validate_province, validate_submit
from .flags import FLAGS, flag_label
from .recipients import COLUMNS, SUBSIDY_TYPES, RecipientRow, check_cells, check_recipient

__all__ = [
    "COLUMNS",
    "FLAGS",
    "SUBSIDY_TYPES",
    "RecipientRow",
    "check_cells",
    "check_recipient",
    "flag_label",
    "validate_answers",
    "validate_city",
    "validate_province",
    "validate_submit",
]
