"""Self-assessments for the inspection rule tests, and a way to grade them in the real engine."""

from __future__ import annotations

from pathlib import Path

from webapp.clock import ManualClock
from webapp.engine import parse_files, restore, start
from webapp.processes.annual_inspection.rules import SCRIPT_FUNCTIONS

ROOT = Path(__file__).resolve().parents[3]
DMN = ROOT / "workflows" / "inspection_grade.dmn"
DIAGRAMS = Path(__file__).parent / "rules" / "diagrams"
PROCESSES = {
    process.key: process
    for process in parse_files(
        [DIAGRAMS / "grade_summary.bpmn", DIAGRAMS / "grade_self_assessment.bpmn", DMN],
        functions=SCRIPT_FUNCTIONS,
    )
}


def school(**changes) -> dict:
    """A self-assessment with room to spare on every indicator (ratio 15:1, 60% specialist,
    40% dual-qualified, 25% senior, 66.66 m² and 40 m² per student, 6,666.66 元 and 66.66 books
    per student), so a test can move one indicator alone."""
    raw = {
        "enrolled_students": 1500,
        "full_time_teachers": 100,
        "specialist_teachers": 60,
        "dual_qualified_teachers": 24,
        "senior_title_teachers": 25,
        "campus_area": 100_000,
        "building_area": 60_000,
        "equipment_value": 10_000_000,
        "books": 100_000,
        "serious_violation": False,
        "unapproved_branch": False,
        "no_academic_qualification": False,
    }
    return raw | changes


def summary(**changes) -> dict:
    """The decision table's inputs for a school that passes everything, with `changes`."""
    inputs = {
        "no_academic_qualification": False,
        "unapproved_branch": False,
        "serious_violation": False,
        "failed_count": 0,
        "worst_shortfall": 0.0,
        "basic_pass_max_failed": 2,
        "basic_pass_max_shortfall": 0.1,
    }
    return inputs | changes


def _decided(process_key: str, data: dict, round_trip: bool) -> dict:
    process = PROCESSES[process_key]
    clock = ManualClock()
    run = start(process.spec_json, data, clock, SCRIPT_FUNCTIONS)
    if round_trip:
        run = restore(process.spec_json, run.dump(), clock, SCRIPT_FUNCTIONS)
    (task,) = run.ready_user_tasks()
    assert task.spec_id == "show_grade"
    return task.data


def decide(inputs: dict, round_trip: bool = False) -> tuple[str, str]:
    """(grade, grade_reason) from the decision table for the given inputs."""
    data = _decided("grade_summary", inputs, round_trip)
    return data["grade"], data["grade_reason"]


def grade_school(raw: dict, thresholds: dict | None = None, round_trip: bool = False) -> dict:
    """The task data after the script computed the summary and the table graded it."""
    return _decided(
        "grade_self_assessment", {**raw, "inspection_thresholds": thresholds or {}}, round_trip
    )
