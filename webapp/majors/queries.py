"""Scoped reads of the schools and their majors, shared by the pages and the API."""

from __future__ import annotations

from webapp.extensions import db
from webapp.models import Organisation, User
from webapp.models.scope import visible_schools


def scoped_school(user: User, code: str) -> Organisation | None:
    """The school of this code if the user may see it, else None (out of scope = missing)."""
    return db.session.scalar(visible_schools(user).where(Organisation.code == code))


def schools_for(user: User) -> list[Organisation]:
    """The schools the user may see, by code."""
    return list(db.session.scalars(visible_schools(user).order_by(Organisation.code)))
