"""The internship rules as form errors, in the (data, today) shape of the VALIDATORS registry."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date

from webapp.processes.internship_approval.rules.blocks import hard_blocks

FORM_ERROR = "_form"  # where the form shows an error that belongs to no single field


def field_errors(
    application: dict,
    blacklist: Collection[str] = (),
    *,
    first_year_grade: int = 1,
    min_pay_ratio: float = 0.8,
    consent_for_all_placements: bool = False,
) -> dict[str, str]:
    """{form path: Chinese message} for every hard block; a table cell's path is
    "<field>.<row>.<column>" (students.2.id_number), and blocks on one field share its message."""
    errors: dict[str, list[str]] = {}
    found = hard_blocks(
        application,
        blacklist,
        first_year_grade,
        min_pay_ratio,
        consent_for_all_placements=consent_for_all_placements,
    )
    for block in found:
        errors.setdefault(block.field or FORM_ERROR, []).append(block.message)
    return {field: "；".join(messages) for field, messages in errors.items()}


def validate_application(
    data: dict,
    today: date,
    blacklist: Collection[str] = (),
    *,
    first_year_grade: int = 1,
    min_pay_ratio: float = 0.8,
    consent_for_all_placements: bool = False,
) -> dict[str, str]:
    """The VALIDATORS entry; bind the 违法失信单位 list and settings with functools.partial.

    `today` is not used: every rule is judged on the internship's own dates."""
    return field_errors(
        data,
        blacklist,
        first_year_grade=first_year_grade,
        min_pay_ratio=min_pay_ratio,
        consent_for_all_placements=consent_for_all_placements,
    )
