"""A demo inspection round in progress: schools at different stages."""

from __future__ import annotations

import io
from datetime import date, timedelta

from flask import current_app

from webapp.cli.demo_cases import demo_user
from webapp.clock import Clock
from webapp.documents.samples import sample_pdf
from webapp.models import ProcessInstance, User
from webapp.processes.annual_inspection.rounds import open_round
from webapp.services import instances, tasks

SOUND = {
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


def _majors(instance: ProcessInstance, teachers: int) -> list[dict]:
    """The case's row for each offered major (prefilled at start) with a teacher count."""
    rows = (instance.data or {}).get("major_teachers") or []
    return [row | {"qualified_teachers": teachers} for row in rows]


def _assessment(item_id: int, user: User, clock: Clock, forms_dir: str, **changes) -> dict:
    """The school's self-assessment, with its evidence uploaded for the task as a page would."""
    upload_dir = current_app.config["UPLOAD_DIR"]
    stored = tasks.upload(
        item_id,
        user,
        "self_assessment_evidence",
        io.BytesIO(sample_pdf("自查报告")),
        "自查报告.pdf",
        clock,
        forms_dir,
        upload_dir,
    )
    evidence = [{"attachment_id": stored.id, "filename": stored.filename}]
    return SOUND | changes | {"self_assessment_evidence": evidence}


def load(today: date, clock: Clock, forms_dir: str) -> int:
    """Open this year's round; one school is rectifying, one awaits the city, two self-assess."""
    province, city = demo_user("province"), demo_user("city")
    school, school2 = demo_user("school"), demo_user("school2")
    result = open_round(
        today.year, today + timedelta(days=30), today + timedelta(days=150), province, clock
    )
    cases = {case.school.code: case.instance for case in result.started}
    failing = cases[school.org.code]
    first = instances.open_items(failing)[0]
    tasks.complete(
        first.id,
        school,
        _assessment(
            first.id,
            school,
            clock,
            forms_dir,
            full_time_teachers=52,
            specialist_teachers=30,
            dual_qualified_teachers=10,
            senior_title_teachers=12,
            major_teachers=_majors(failing, 3),
        ),
        clock,
        forms_dir,
    )
    tasks.complete(
        instances.open_items(failing)[0].id, city, {"city_decision": "pass_on"}, clock, forms_dir
    )
    tasks.complete(
        instances.open_items(failing)[0].id,
        province,
        {"province_decision": "confirm"},
        clock,
        forms_dir,
    )
    waiting = cases[school2.org.code]
    assessing = instances.open_items(waiting)[0].id
    tasks.complete(
        assessing,
        school2,
        _assessment(assessing, school2, clock, forms_dir, major_teachers=_majors(waiting, 4)),
        clock,
        forms_dir,
    )
    return len(result.started)
