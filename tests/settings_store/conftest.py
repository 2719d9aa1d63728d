"""Settings test helpers: the admin user in an app context, and a statement counter."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from webapp.extensions import db
from webapp.models import User
from webapp.processes import INSTALLED
from webapp.processes.registry import load
from webapp.settings_store.definitions import PLATFORM

# Every setting the installed processes and the platform define, as the app serves them.
_MODULES = load(INSTALLED)
DEFINITIONS = (*[item for module in _MODULES for item in module.settings], *PLATFORM)
SETTINGS = {item.key: item for item in DEFINITIONS}
CROSS_RULES = tuple(rule for module in _MODULES for rule in module.setting_rules)


@pytest.fixture
def admin(demo):
    """The demo admin user, inside an app context for service calls."""
    with demo.app_context():
        yield db.session.scalar(select(User).where(User.username == "admin"))
