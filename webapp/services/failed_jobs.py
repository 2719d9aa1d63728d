"""失败任务: due rows the scheduler gave up on, and putting one back in the queue."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from webapp import audit
from webapp.clock import Clock
from webapp.errors import Conflict, NotFound
from webapp.extensions import db
from webapp.models import Deadline, User


def failing(limit: int = 200) -> list[Deadline]:
    """Rows that failed for good, then rows still being retried, most recent trouble first."""
    rows = db.session.scalars(
        select(Deadline)
        .where(
            (Deadline.status == "failed")
            | ((Deadline.status == "pending") & (Deadline.attempts > 0))
        )
        .options(selectinload(Deadline.instance), selectinload(Deadline.school))
        .order_by(Deadline.status.desc(), Deadline.due_at.desc())
        .limit(limit)
    )
    return list(rows)


def retry(deadline_id: int, user: User, clock: Clock) -> Deadline:
    """Queue a failed row again at once, with a fresh count of attempts."""
    row = db.session.get(Deadline, deadline_id)
    if row is None:
        raise NotFound("该定时任务不存在。")
    if row.status not in ("failed", "pending"):
        raise Conflict(f"该定时任务当前状态为“{row.status_label}”，无需重试。")
    before = {"status": row.status, "attempts": row.attempts, "error": row.last_error}
    row.status, row.attempts, row.next_attempt_at = "pending", 0, None
    row.instance.error = None
    audit.record(
        "deadline_retried",
        clock,
        actor=user,
        instance_id=row.instance_id,
        subject=f"deadline:{row.id}",
        before=before,
        after={"status": "pending"},
    )
    return row
