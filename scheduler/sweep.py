"""One sweep: claim due rows one at a time and fire each exactly once, whatever else is running.

Each row is fired in its own transaction: the row is claimed with a conditional UPDATE
(pending → fired) and the step's effects are written in the same transaction. Another scheduler
that picked the same row finds it no longer pending and moves on; a scheduler killed mid-row
leaves an uncommitted transaction, so the row is still pending for the next one. On PostgreSQL
candidates are selected FOR UPDATE SKIP LOCKED so schedulers do not queue behind each other.
A row that fails is rolled back, retried with backoff, and after MAX_ATTEMPTS shown as failed.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta

from flask import Flask
from sqlalchemy import or_, select, update

from scheduler.handlers import HANDLERS
from webapp.clock import Clock
from webapp.extensions import db
from webapp.models import Deadline
from webapp.services.notifications import send_pending_emails

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 5
FIRST_RETRY = timedelta(seconds=30)
LONGEST_RETRY = timedelta(hours=1)


@dataclass
class SweepResult:
    fired: int = 0
    failed: int = 0
    emailed: int = 0


def _candidate(clock: Clock) -> int | None:
    now = clock.now()
    query = (
        select(Deadline.id)
        .where(
            Deadline.status == "pending",
            Deadline.due_at <= now,
            or_(Deadline.next_attempt_at.is_(None), Deadline.next_attempt_at <= now),
        )
        .order_by(Deadline.due_at, Deadline.id)
        .limit(1)
    )
    if db.engine.dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)
    return db.session.scalar(query)


def _claim(row_id: int, clock: Clock) -> bool:
    claimed = db.session.execute(
        update(Deadline)
        .where(Deadline.id == row_id, Deadline.status == "pending")
        .values(status="fired", fired_at=clock.now())
        .execution_options(synchronize_session=False)
    )
    return claimed.rowcount == 1


def _retry_delay(attempts: int) -> timedelta:
    return min(FIRST_RETRY * 2 ** (attempts - 1), LONGEST_RETRY)


def _record_failure(row_id: int, error: Exception, clock: Clock) -> None:
    row = db.session.get(Deadline, row_id)
    row.attempts += 1
    row.last_error = f"{type(error).__name__}: {error}"[:2000]
    if row.attempts >= MAX_ATTEMPTS:
        row.status = "failed"
        row.instance.error = f"定时任务多次失败：{row.last_error}"
    else:
        row.next_attempt_at = clock.now() + _retry_delay(row.attempts)
    db.session.commit()


def fire_next(clock: Clock) -> str | None:
    """Fire the oldest due row; returns 'fired', 'failed', 'lost' (another took it) or None."""
    row_id = _candidate(clock)
    if row_id is None:
        db.session.rollback()
        return None
    if not _claim(row_id, clock):
        db.session.rollback()
        return "lost"
    row = db.session.get(Deadline, row_id)
    try:
        HANDLERS[row.kind](row, clock)
        db.session.commit()
    except Exception as error:  # one broken instance must never stop the sweep
        db.session.rollback()
        log.exception("deadline %s failed", row_id)
        _record_failure(row_id, error, clock)
        return "failed"
    return "fired"


def _send_emails(app: Flask, clock: Clock) -> int:
    """Email the notifications this and earlier sweeps created (when SMTP is configured)."""
    if not app.config.get("SMTP_HOST"):
        return 0
    try:
        sent = send_pending_emails(app.config, clock, limit=100)
        db.session.commit()
    except Exception:  # mail trouble must not stop timers from firing
        db.session.rollback()
        log.exception("sending notification emails failed")
        return 0
    return sent


def sweep(app: Flask, clock: Clock, limit: int | None = None) -> SweepResult:
    """Fire due rows, oldest first, until none is due (or `limit` rows were handled)."""
    result = SweepResult()
    with app.app_context():
        while limit is None or result.fired + result.failed < limit:
            outcome = fire_next(clock)
            if outcome is None:
                break
            if outcome == "fired":
                result.fired += 1
            elif outcome == "failed":
                result.failed += 1
        result.emailed = _send_emails(app, clock)
        db.session.remove()
    return result
