"""One sweep: claim due rows in batches and fire each exactly once, whatever else is running.

A batch of due rows is claimed with one conditional UPDATE (pending → fired) and fired in one
transaction, each row inside its own savepoint, so its step's effects are written with its claim
or not at all. Another scheduler that picked the same rows finds them no longer pending and
moves on; a scheduler killed mid-batch leaves an uncommitted transaction, so the rows are still
pending for the next one. On PostgreSQL candidates are selected FOR UPDATE SKIP LOCKED, so
schedulers take different batches instead of queueing behind each other. A row that fails is
rolled back to its savepoint, retried with backoff, and after MAX_ATTEMPTS shown as failed; the
other rows of its batch are not affected.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta

from flask import Flask
from sqlalchemy import or_, select, update
from sqlalchemy.orm import joinedload

from scheduler.handlers import HANDLERS
from webapp.clock import Clock
from webapp.extensions import db
from webapp.models import Deadline
from webapp.services.notifications import send_pending_emails

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 5
# Rows claimed and committed together: fewer round trips and commits per row; small enough that
# another scheduler always finds work and a batch's transaction stays short.
BATCH_SIZE = 20
FIRST_RETRY = timedelta(seconds=30)
LONGEST_RETRY = timedelta(hours=1)


@dataclass
class SweepResult:
    fired: int = 0
    failed: int = 0
    emailed: int = 0


def _candidates(clock: Clock, size: int) -> list[int]:
    now = clock.now()
    query = (
        select(Deadline.id)
        .where(
            Deadline.status == "pending",
            Deadline.due_at <= now,
            or_(Deadline.next_attempt_at.is_(None), Deadline.next_attempt_at <= now),
        )
        .order_by(Deadline.due_at, Deadline.id)
        .limit(size)
    )
    if db.engine.dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)
    return list(db.session.scalars(query))


def _claim(row_ids: list[int], clock: Clock) -> list[int]:
    """The rows of `row_ids` still pending, now marked fired (in this transaction)."""
    claimed = db.session.scalars(
        update(Deadline)
        .where(Deadline.id.in_(row_ids), Deadline.status == "pending")
        .values(status="fired", fired_at=clock.now())
        .returning(Deadline.id)
        .execution_options(synchronize_session=False)
    )
    return sorted(claimed)


def _retry_delay(attempts: int) -> timedelta:
    return min(FIRST_RETRY * 2 ** (attempts - 1), LONGEST_RETRY)


def _record_failure(row_id: int, error: Exception, clock: Clock) -> None:
    """The row goes back to pending with its retry time, or to failed after MAX_ATTEMPTS."""
    row = db.session.get(Deadline, row_id, populate_existing=True)
    row.attempts += 1
    row.last_error = f"{type(error).__name__}: {error}"[:2000]
    if row.attempts >= MAX_ATTEMPTS:
        row.status = "failed"
        row.instance.error = f"定时任务多次失败：{row.last_error}"
    else:
        row.status, row.fired_at = "pending", None
        row.next_attempt_at = clock.now() + _retry_delay(row.attempts)


def fire_batch(clock: Clock, size: int = BATCH_SIZE) -> dict[str, int]:
    """Fire up to `size` due rows, oldest first, in one transaction; counts by outcome:
    'fired', 'failed', 'lost' (another scheduler took them). Empty when nothing is due."""
    row_ids = _candidates(clock, size)
    if not row_ids:
        db.session.rollback()
        return {}
    claimed = _claim(row_ids, clock)
    outcome = {"fired": 0, "failed": 0, "lost": len(row_ids) - len(claimed)}
    rows = db.session.scalars(
        select(Deadline)
        .where(Deadline.id.in_(claimed))
        .options(joinedload(Deadline.instance), joinedload(Deadline.work_item))
        .order_by(Deadline.due_at, Deadline.id)
    ).all()
    for row in rows:
        try:
            with db.session.begin_nested():
                HANDLERS[row.kind](row, clock)
            outcome["fired"] += 1
        except Exception as error:  # one broken instance must never stop the sweep
            log.exception("deadline %s failed", row.id)
            _record_failure(row.id, error, clock)
            outcome["failed"] += 1
    db.session.commit()
    return outcome


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
            left = BATCH_SIZE if limit is None else limit - result.fired - result.failed
            outcome = fire_batch(clock, min(BATCH_SIZE, left))
            if not outcome:
                break
            result.fired += outcome["fired"]
            result.failed += outcome["failed"]
        result.emailed = _send_emails(app, clock)
        db.session.remove()
    return result
