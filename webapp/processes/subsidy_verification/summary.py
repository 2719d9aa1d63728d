"""A round's figures for the people who follow it: per city (cases, rows kept and removed,
amounts, flagged rows, flags by kind) and the kept and removed lists — all scoped to what the
user may see and narrowed by the same filters on the page and in the Excel export."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import Select, case, distinct, func, select
from sqlalchemy.orm import aliased

from webapp.extensions import db
from webapp.models import Organisation, ProcessInstance, User
from webapp.models.scope import visible_instances

from .models import SubsidyFlag, SubsidyRecipient

R = SubsidyRecipient


@dataclass
class CityFigures:
    city: str
    schools: int = 0
    rows: int = 0
    kept: int = 0
    removed: int = 0
    amount: Decimal = Decimal(0)
    flagged: int = 0
    flags: dict[str, int] = field(default_factory=dict)


def _rows(user: User, round_id: int, city_id: int | None, school_code: str) -> Select:
    cases = visible_instances(user).with_only_columns(ProcessInstance.id)
    school = aliased(Organisation)
    query = (
        select(R)
        .join(school, school.id == R.school_id)
        .where(R.round_id == round_id, R.instance_id.in_(cases))
    )
    if city_id is not None:
        query = query.where(school.parent_id == city_id)
    if school_code:
        query = query.where(school.code == school_code)
    return query


def by_city(user: User, round_id: int, city_id: int | None = None, school_code: str = ""):
    rows = _rows(user, round_id, city_id, school_code).subquery()
    school, city = aliased(Organisation), aliased(Organisation)
    flagged = select(SubsidyFlag.recipient_id)
    waiting = rows.c.removed.is_(False) & (rows.c.explanation == "")  # neither removed nor kept
    query = (
        select(
            city.name,
            func.count(distinct(rows.c.school_id)),
            func.count(),
            func.sum(case((rows.c.removed.is_(False), 1), else_=0)),
            func.sum(case((rows.c.removed.is_(False), rows.c.amount), else_=0)),
            func.sum(case((waiting & rows.c.id.in_(flagged), 1), else_=0)),
        )
        .select_from(rows)
        .join(school, school.id == rows.c.school_id)
        .join(city, city.id == school.parent_id)
        .group_by(city.name)
        .order_by(city.name)
    )
    figures = {}
    for name, schools, total, kept, amount, flagged_rows in db.session.execute(query):
        figures[name] = CityFigures(
            name, schools, total, int(kept or 0), total - int(kept or 0),
            Decimal(amount or 0), int(flagged_rows or 0),
        )  # fmt: skip
    codes = (
        select(city.name, SubsidyFlag.code, func.count())
        .select_from(rows)
        .join(SubsidyFlag, SubsidyFlag.recipient_id == rows.c.id)
        .join(school, school.id == rows.c.school_id)
        .join(city, city.id == school.parent_id)
        .where(rows.c.removed.is_(False))
        .group_by(city.name, SubsidyFlag.code)
    )
    for name, code, count in db.session.execute(codes):
        figures[name].flags[code] = count
    return list(figures.values())


def listed_rows(
    user: User, round_id: int, removed: bool, city_id: int | None = None, school_code: str = ""
) -> list[tuple[SubsidyRecipient, str, str]]:
    """(row, school name, its flags' reasons) of the kept or the removed list."""
    query = _rows(user, round_id, city_id, school_code).where(R.removed.is_(removed))
    rows = db.session.scalars(query.order_by(R.school_id, R.line)).all()
    names = dict(db.session.execute(select(Organisation.id, Organisation.name)).all())
    reasons: dict[int, list[str]] = {}
    ids = [row.id for row in rows]
    for start in range(0, len(ids), 5000):
        chunk = ids[start : start + 5000]
        found = select(SubsidyFlag.recipient_id, SubsidyFlag.reason).where(
            SubsidyFlag.recipient_id.in_(chunk)
        )
        for recipient_id, reason in db.session.execute(found):
            reasons.setdefault(recipient_id, []).append(reason)
    return [(row, names.get(row.school_id, ""), "；".join(reasons.get(row.id, []))) for row in rows]
