"""A long-running background job: queued by a page, claimed and run by a scheduler process."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from webapp.extensions import db
from webapp.models.types import UTCDateTime

STATES = {"queued": "排队中", "running": "进行中", "done": "已完成", "failed": "失败"}


class BackgroundJob(db.Model):
    """One job; `attempts` doubles as the claim token (see webapp/jobs/service.py)."""

    __tablename__ = "background_job"
    __table_args__ = (Index("ix_background_job_state", "state", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(50))
    params: Mapped[dict] = mapped_column(JSON, default=dict)
    state: Mapped[str] = mapped_column(String(16), default="queued")
    progress: Mapped[int] = mapped_column(default=0)
    total: Mapped[int | None] = mapped_column()
    message: Mapped[str] = mapped_column(String(300), default="")
    result: Mapped[dict | None] = mapped_column(JSON)
    error: Mapped[str | None] = mapped_column(Text)
    attempts: Mapped[int] = mapped_column(default=0)
    max_attempts: Mapped[int] = mapped_column(default=3)
    claimed_by: Mapped[str | None] = mapped_column(String(100))
    heartbeat_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    school_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"))

    @property
    def state_label(self) -> str:
        return STATES.get(self.state, self.state)

    def __repr__(self) -> str:
        return f"<BackgroundJob {self.id} {self.kind} {self.state}>"
