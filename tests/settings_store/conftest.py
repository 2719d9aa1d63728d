"""Settings test helpers: the admin user in an app context, and a statement counter."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import event, select

from webapp.extensions import db
from webapp.models import User


@pytest.fixture
def admin(demo):
    """The demo admin user, inside an app context for service calls."""
    with demo.app_context():
        yield db.session.scalar(select(User).where(User.username == "admin"))


@contextmanager
def count_queries() -> Iterator[list[str]]:
    """The SQL statements sent while the block runs (inside an app context)."""
    statements: list[str] = []

    def _count(conn, cursor, statement, *args):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", _count)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", _count)
