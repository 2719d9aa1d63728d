"""Named queries for the annual inspection: the result list (公示), scoped to what the user sees,
and a round and its progress."""

from __future__ import annotations

from sqlalchemy import Select, func, select
from sqlalchemy.orm import selectinload

from webapp.extensions import db
from webapp.models.org import Organisation
from webapp.models.scope import visible_schools
from webapp.models.user import User

from .rounds import InspectionCase, InspectionRound


def round_cases(user: User, round_id: int, city_id: int | None = None) -> Select:
    """The round's cases for the schools the user's organisation covers, by city then school."""
    schools = visible_schools(user).with_only_columns(Organisation.id)
    query = (
        select(InspectionCase)
        .join(InspectionCase.school)
        .where(InspectionCase.round_id == round_id, InspectionCase.school_id.in_(schools))
        .options(
            selectinload(InspectionCase.instance),
            selectinload(InspectionCase.school).selectinload(Organisation.parent),
        )
        .order_by(Organisation.parent_id, Organisation.code)
    )
    if city_id:
        query = query.where(Organisation.parent_id == city_id)
    return query


def rounds() -> Select:
    return select(InspectionRound).order_by(InspectionRound.year.desc())


def round_of_year(year: int) -> Select:
    return select(InspectionRound).where(InspectionRound.year == year)


def round_progress(round_: InspectionRound) -> dict:
    """How far starting the round's cases has come: started, skipped, of all schools."""
    started = db.session.scalar(
        select(func.count()).select_from(InspectionCase).where(InspectionCase.round_id == round_.id)
    )
    total = db.session.scalar(
        select(func.count()).select_from(Organisation).where(Organisation.kind == "school")
    )
    skipped = len(round_.skipped or [])
    return {
        "started": started,
        "skipped": skipped,
        "total": total,
        "remaining": max(0, total - started - skipped),
    }
