"""Fixtures for the background-job tests: throw-away runners, and jobs queued by demo users."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from webapp import jobs
from webapp.extensions import db
from webapp.models import Setting, User


@pytest.fixture
def runner():
    """runner(kind, fn) registers fn for the test; every one is unregistered afterwards."""
    kinds: list[str] = []

    def _register(kind: str, fn):
        jobs.register(kind)(fn)
        kinds.append(kind)
        return fn

    yield _register
    for kind in kinds:
        jobs.unregister(kind)


@pytest.fixture
def queue(demo, clock):
    """queue(kind, username="school", **params) enqueues and commits a job; returns its id."""

    def _queue(kind: str, username: str = "school", **params) -> int:
        with demo.app_context():
            user = db.session.scalar(select(User).where(User.username == username))
            job = jobs.enqueue(kind, params, clock, user=user, school_id=user.org_id)
            db.session.commit()
            return job.id

    return _queue


def job_state(app, job_id: int) -> jobs.BackgroundJob:
    """The job as stored, read in a fresh app context (detached; plain attributes only)."""
    with app.app_context():
        job = db.session.get(jobs.BackgroundJob, job_id)
        db.session.expunge(job)
        return job


def elsewhere(fn):
    """Call fn in another thread: its own app context and database connection, like another
    process (a request inside the current app context would share this test's session)."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(fn).result()


APPLIED = "job_test_applied"


def apply_once() -> None:
    """A runner's final apply: add one to a counter, left uncommitted (run() commits it)."""
    row = db.session.get(Setting, APPLIED)
    if row is None:
        db.session.add(Setting(key=APPLIED, value=1, updated_at=datetime(2026, 1, 1, tzinfo=UTC)))
    else:
        row.value += 1


def applied(app) -> int:
    with app.app_context():
        row = db.session.get(Setting, APPLIED)
        return row.value if row else 0
