"""Internship approval rules (实习审批, RULES.md §2; 《职业学校学生实习管理规定》, 教职成〔2021〕4号).

Pure functions of the application form's data: no Flask, no database, no clock.
"""

from __future__ import annotations

from webapp.processes.internship_approval.rules.application import normalise_kind
from webapp.processes.internship_approval.rules.blocks import hard_blocks
from webapp.processes.internship_approval.rules.findings import Block, ReviewWarning
from webapp.processes.internship_approval.rules.form import field_errors, validate_application
from webapp.processes.internship_approval.rules.identifiers import (
    age_on,
    birth_date,
    validate_credit_code,
    validate_id_number,
)
from webapp.processes.internship_approval.rules.reviewer_warnings import warnings
from webapp.processes.internship_approval.rules.students import needs_consent

__all__ = [
    "Block",
    "ReviewWarning",
    "age_on",
    "birth_date",
    "field_errors",
    "hard_blocks",
    "needs_consent",
    "normalise_kind",
    "validate_application",
    "validate_credit_code",
    "validate_id_number",
    "warnings",
]
