"""The administrators' user list: its filters as one query (the page and its export share it)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Select, or_, select
from sqlalchemy.orm import selectinload

from webapp.extensions import db

from .org import Organisation
from .user import ROLES, User


@dataclass(frozen=True)
class UserFilters:
    role: str = ""
    org_id: int | None = None
    active: str = ""  # "1" active only, "0" disabled only, "" both
    q: str = ""

    @property
    def any(self) -> bool:
        return bool(self.role or self.org_id or self.active or self.q)


def _like(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def users_matching(filters: UserFilters) -> Select:
    """Users passing the filters, by username; an unknown role or organisation finds nobody."""
    query = select(User).options(selectinload(User.org)).order_by(User.username)
    if filters.role:
        query = query.where(User.role == (filters.role if filters.role in ROLES else ""))
    if filters.org_id is not None:
        query = query.where(User.org_id == filters.org_id)
    if filters.active in ("0", "1"):
        query = query.where(User.active.is_(filters.active == "1"))
    if filters.q:
        pattern = _like(filters.q)
        query = query.where(
            or_(
                User.username.ilike(pattern, escape="\\"),
                User.display_name.ilike(pattern, escape="\\"),
            )
        )
    return query


def organisations_for_picking() -> list[Organisation]:
    """Every organisation, province first, then each city followed by its schools."""
    rows = db.session.scalars(select(Organisation)).all()
    by_parent: dict[int | None, list[Organisation]] = {}
    for org in sorted(rows, key=lambda o: o.code):
        by_parent.setdefault(org.parent_id, []).append(org)
    ordered: list[Organisation] = []

    def walk(parent_id: int | None) -> None:
        for org in by_parent.get(parent_id, []):
            ordered.append(org)
            walk(org.id)

    walk(None)
    return ordered
