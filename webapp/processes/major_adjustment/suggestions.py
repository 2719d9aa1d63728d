"""The yearly suggestions (§3): from the day the window opens, each school gets one case per
major whose employment rate stayed below the threshold or that enrolled nobody, asking it to
answer; each (year, school, major) once, however often the scheduler looks."""

from __future__ import annotations

import logging

from sqlalchemy import select

from webapp.clock import Clock
from webapp.extensions import db
from webapp.local_time import local_date
from webapp.majors.models import SchoolMajor
from webapp.models import Organisation
from webapp.services import instances
from webapp.settings_store import service as settings

from .models import MajorSuggestion
from .rules import low_majors
from .window import window

KEY = "major_adjustment"
log = logging.getLogger(__name__)


def raise_due(clock: Clock) -> int:
    """Raise this year's suggestions if the window has opened; how many were raised now."""
    today = local_date(clock.now())
    if today < window(today)[0]:
        return 0
    return raise_for_year(today.year, clock)


def raise_for_year(year: int, clock: Clock) -> int:
    threshold = float(settings.get("majors.stop_employment_rate_percent"))
    years = int(settings.get("majors.low_employment_years"))
    done = {
        (row.school_id, row.code)
        for row in db.session.scalars(select(MajorSuggestion).where(MajorSuggestion.year == year))
    }
    majors = db.session.scalars(
        select(SchoolMajor)
        .join(Organisation, SchoolMajor.school_id == Organisation.id)
        .where(Organisation.active.is_(True), SchoolMajor.status == "enrolling")
    ).all()
    by_school: dict[int, list[SchoolMajor]] = {}
    for major in majors:
        by_school.setdefault(major.school_id, []).append(major)
    raised = 0
    for school_id, rows in sorted(by_school.items()):
        plain = [_plain(row) for row in rows]
        for found in low_majors(plain, year, threshold, years):
            if (school_id, found["code"]) in done:
                continue
            try:
                with db.session.begin_nested():  # one failure never stops the others
                    _raise(rows[0].school, found, year, clock)
            except Exception:
                log.exception("suggestion for school %s major %s failed", school_id, found["code"])
                continue
            raised += 1
    return raised


def _plain(row: SchoolMajor) -> dict:
    return {
        "code": row.code,
        "name": row.name,
        "status": row.status,
        "employment": row.employment or {},
        "enrollment": row.enrollment or {},
    }


def _raise(school: Organisation, found: dict, year: int, clock: Clock) -> None:
    data = {
        "kind": "suggestion",
        "major_code": found["code"],
        "major_name": found["name"],
        "suggestion_reason": found["reason"],
        "year": year,
    }
    instance = instances.start_by_system(KEY, school, clock, data)
    db.session.add(
        MajorSuggestion(
            year=year,
            school_id=school.id,
            code=found["code"],
            reason=found["reason"][:300],
            instance_id=instance.id,
            created_at=clock.now(),
        )
    )
    db.session.flush()
