"""Each school's leaders against the targets, for the 督办 dashboard's section and its export
sheet: during a semester every school's counts and days left; after one ends, the schools that
fell short. Scope: the user's schools only (a city its own, the province all)."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select

from webapp.clock import Clock
from webapp.extensions import db
from webapp.local_time import local_date
from webapp.models import Organisation, User
from webapp.models.scope import visible_schools
from webapp.settings_store import service as settings

from .models import LeaderVisitSemester, counts_for
from .rules import KINDS, LEADERS, Semester, last_ended, semester_on, shortfall_text
from .settings import semester_dates


@dataclass
class SchoolProgress:
    school: str
    city: str
    instance_id: int
    counts: dict[str, dict[str, int]]
    targets: dict[str, int]
    shortfall: str  # "" when every leader has met both targets
    cells: list[str] = field(default_factory=list)  # "7/10" per leader and kind, LEADERS order


@dataclass
class Overview:
    semester: Semester | None
    days_left: int | None
    rows: list[SchoolProgress]
    ended: Semester
    short: list[SchoolProgress]
    headers: list[str]


def _rows(user: User, semester: Semester) -> list[SchoolProgress]:
    schools = visible_schools(user).with_only_columns(Organisation.id)
    cases = db.session.scalars(
        select(LeaderVisitSemester)
        .where(
            LeaderVisitSemester.semester == semester.key,
            LeaderVisitSemester.school_id.in_(schools),
        )
        .join(LeaderVisitSemester.school)
        .order_by(Organisation.code)
    ).all()
    counts = counts_for([case.school_id for case in cases], semester.key)
    return [_progress(case, counts.get(case.school_id, {})) for case in cases]


def _progress(case: LeaderVisitSemester, counts: dict) -> SchoolProgress:
    data = case.instance.data or {}
    targets = {"class": int(data.get("class_target", 0)), "site": int(data.get("site_target", 0))}
    cells = [
        f"{(counts.get(leader) or {}).get(kind, 0)}/{targets[kind]}"
        for leader in LEADERS
        for kind in KINDS
    ]
    return SchoolProgress(
        school=case.school.name,
        city=case.school.parent.name if case.school.parent else "",
        instance_id=case.instance_id,
        counts=counts,
        targets=targets,
        shortfall=shortfall_text(counts, targets["class"], targets["site"]),
        cells=cells,
    )


def overview(user: User, clock: Clock) -> Overview:
    today = local_date(clock.now())
    dates = semester_dates(settings.all_values())
    current, ended = semester_on(today, dates), last_ended(today, dates)
    return Overview(
        semester=current,
        days_left=(current.end - today).days if current else None,
        rows=_rows(user, current) if current else [],
        ended=ended,
        short=[row for row in _rows(user, ended) if row.shortfall],
        headers=[f"{leader}{kind}" for leader in LEADERS.values() for kind in KINDS.values()],
    )
