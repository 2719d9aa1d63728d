"""Settings test helpers: the admin user in an app context, and a statement counter."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from webapp.extensions import db
from webapp.models import User


@pytest.fixture
def admin(demo):
    """The demo admin user, inside an app context for service calls."""
    with demo.app_context():
        yield db.session.scalar(select(User).where(User.username == "admin"))
