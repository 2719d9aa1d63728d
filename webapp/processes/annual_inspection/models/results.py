"""Named queries for the annual inspection's result list (公示), scoped to what the user sees."""

from __future__ import annotations

from sqlalchemy import Select, select
from sqlalchemy.orm import selectinload

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
