"""Everything that falls due: BPMN timers, reminders before a task's due date, and its expiry."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.extensions import db

from .org import Organisation
from .process import ProcessInstance
from .types import UTCDateTime
from .work_item import WorkItem

KINDS = {"timer": "定时器", "reminder": "到期提醒", "overdue": "到期"}
STATUSES = {"pending": "等待中", "fired": "已触发", "cancelled": "已取消", "failed": "失败"}


class Deadline(db.Model):
    """One due row; a scheduler fires each pending row exactly once (see scheduler/sweep.py)."""

    __tablename__ = "deadline"
    __table_args__ = (
        Index("ix_deadline_due", "status", "due_at"),
        Index("ix_deadline_instance", "instance_id", "status"),
        Index("ix_deadline_item", "work_item_id", "status"),
        Index("ix_deadline_city", "city_id", "status", "due_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    label: Mapped[str] = mapped_column(String(300), default="")
    instance_id: Mapped[int] = mapped_column(ForeignKey("process_instance.id"))
    work_item_id: Mapped[int | None] = mapped_column(ForeignKey("work_item.id"))
    task_id: Mapped[str | None] = mapped_column(String(36))
    spec_id: Mapped[str] = mapped_column(String(100), default="")
    process_key: Mapped[str] = mapped_column(String(100))
    school_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"))
    city_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"))
    due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    status: Mapped[str] = mapped_column(String(16), default="pending")
    provisional: Mapped[bool] = mapped_column(default=False)
    basis: Mapped[dict | None] = mapped_column(JSON)
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    fired_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    instance: Mapped[ProcessInstance] = relationship()
    work_item: Mapped[WorkItem | None] = relationship()
    school: Mapped[Organisation | None] = relationship(foreign_keys=[school_id])
    city: Mapped[Organisation | None] = relationship(foreign_keys=[city_id])

    @property
    def kind_label(self) -> str:
        return KINDS.get(self.kind, self.kind)

    @property
    def status_label(self) -> str:
        return STATUSES.get(self.status, self.status)
