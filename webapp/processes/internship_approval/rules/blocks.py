"""Hard blocks (RULES.md §2): while any holds, the internship application cannot be submitted."""

from __future__ import annotations

from collections.abc import Collection

from webapp.processes.internship_approval.rules.findings import Block
from webapp.processes.internship_approval.rules.students import student_blocks
from webapp.processes.internship_approval.rules.terms import (
    date_blocks,
    fee_blocks,
    insurance_blocks,
    pay_blocks,
    working_time_blocks,
)
from webapp.processes.internship_approval.rules.unit import post_blocks, unit_blocks


def hard_blocks(
    application: dict,
    blacklist: Collection[str] = (),
    first_year_grade: int = 1,
    min_pay_ratio: float = 0.8,
    max_daily_hours: float = 8,
    consent_for_all_placements: bool = False,
) -> list[Block]:
    """Every hard block the application hits, in the order of the form.

    `blacklist` holds the credit codes and unit names on the 违法失信单位 list; the numbers
    after it are provincial settings, with the national defaults."""
    return [
        *unit_blocks(application, blacklist),
        *post_blocks(application),
        *date_blocks(application),
        *working_time_blocks(application, max_daily_hours),
        *pay_blocks(application, min_pay_ratio),
        *fee_blocks(application),
        *insurance_blocks(application),
        *student_blocks(application, first_year_grade, consent_for_all_placements),
    ]
