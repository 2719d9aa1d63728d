"""Named queries on the registry for the admin page and `flask registry stats`."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import case, func, select

from webapp.extensions import db

from .models import STAGES, STATUSES, STUDYING, RegistryStudent


@dataclass(frozen=True)
class StageCounts:
    stage: str
    total: int
    by_status: dict[str, int] = field(default_factory=dict)  # every status, zeros included


@dataclass(frozen=True)
class SchoolCounts:
    school_code: str
    total: int
    studying: int  # 在籍在校
    stages: int
    as_of: date | None  # the newest export date among its rows


def counts_by_stage() -> list[StageCounts]:
    """Rows per 学段 and 学籍状态, in the order of STAGES (stages with no rows included)."""
    query = select(RegistryStudent.stage, RegistryStudent.status, func.count()).group_by(
        RegistryStudent.stage, RegistryStudent.status
    )
    counts: dict[str, dict[str, int]] = {stage: dict.fromkeys(STATUSES, 0) for stage in STAGES}
    for stage, status, count in db.session.execute(query):
        counts.setdefault(stage, dict.fromkeys(STATUSES, 0))[status] = count
    return [StageCounts(stage, sum(by.values()), by) for stage, by in counts.items()]


def counts_by_school(limit: int) -> list[SchoolCounts]:
    """The `limit` schools with the most rows, largest first."""
    total = func.count().label("total")
    query = (
        select(
            RegistryStudent.school_code,
            total,
            func.sum(case((RegistryStudent.status == STUDYING, 1), else_=0)),
            func.count(func.distinct(RegistryStudent.stage)),
            func.max(RegistryStudent.as_of),
        )
        .group_by(RegistryStudent.school_code)
        .order_by(total.desc(), RegistryStudent.school_code)
        .limit(limit)
    )
    return [
        SchoolCounts(code, count, int(studying or 0), stages, as_of)
        for code, count, studying, stages, as_of in db.session.execute(query)
    ]
