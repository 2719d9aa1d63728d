"""The functions the annual inspection diagram's scripts call; register SCRIPT_FUNCTIONS in
webapp/processes/script_functions.py. Results are plain dicts, as task data must be."""

from __future__ import annotations

from collections.abc import Mapping

from webapp.processes.annual_inspection.rules.grading import summary_for_grading
from webapp.processes.annual_inspection.rules.indicators import Number
from webapp.processes.annual_inspection.rules.sanctions import next_rung


def inspection_summary(
    enrolled_students: Number,
    full_time_teachers: Number,
    specialist_teachers: Number,
    dual_qualified_teachers: Number,
    senior_title_teachers: Number,
    campus_area: Number,
    building_area: Number,
    equipment_value: Number,
    books: Number,
    serious_violation: bool,
    unapproved_branch: bool,
    no_academic_qualification: bool,
    thresholds: Mapping[str, Number] | None = None,
    major_teachers: list | None = None,
) -> dict:
    """summary_for_grading of the self-assessment's fields (in the form's order, or by name);
    `major_teachers` the per-major rows (none: the school has no majors on record)."""
    raw = {
        "enrolled_students": enrolled_students,
        "full_time_teachers": full_time_teachers,
        "specialist_teachers": specialist_teachers,
        "dual_qualified_teachers": dual_qualified_teachers,
        "senior_title_teachers": senior_title_teachers,
        "campus_area": campus_area,
        "building_area": building_area,
        "equipment_value": equipment_value,
        "books": books,
        "serious_violation": serious_violation,
        "unapproved_branch": unapproved_branch,
        "no_academic_qualification": no_academic_qualification,
        "major_teachers": major_teachers or [],
    }
    return summary_for_grading(raw, thresholds)


def next_sanction(current_standing: str | None, cut_percent: Number | None = None) -> dict:
    """The proposed next rung, keyed like the sanction_decision form's fields so that the form
    (ui.prefill) opens on it: sanction_rung, sanction_cut_percent, plus sanction_label."""
    rung = next_rung(current_standing, cut_percent)
    return {
        "sanction_rung": rung.standing,
        "sanction_cut_percent": rung.cut_percent,
        "sanction_label": rung.label,
    }


SCRIPT_FUNCTIONS = {
    "inspection_summary": inspection_summary,
    "next_sanction": next_sanction,
}
