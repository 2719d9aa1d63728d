"""Fixtures of the major-adjustment tests."""

from __future__ import annotations

import pytest

from tests.processes.major_adjustment.helpers import IN_WINDOW
from webapp.extensions import db


@pytest.fixture
def majors(deployed, clock):
    """The shipped catalogue and the demo schools' majors, on a day inside the window."""
    from webapp.majors.demo import load_catalogue, load_school_majors

    clock.set(IN_WINDOW)
    with deployed.app_context():
        load_catalogue(clock)
        load_school_majors(clock)
        db.session.commit()
    return deployed
