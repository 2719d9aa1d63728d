"""Guardians' consent requests: one per student whose guardian is asked, answered by link."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.extensions import db
from webapp.models.process import ProcessInstance
from webapp.models.types import UTCDateTime
from webapp.models.work_item import WorkItem

ANSWERS = {"agree": "同意", "refuse": "不同意"}


class ConsentRequest(db.Model):
    """The link's token is stored only as its SHA-256; the raw token lives in the letter PDF."""

    __tablename__ = "consent_request"

    id: Mapped[int] = mapped_column(primary_key=True)
    instance_id: Mapped[int] = mapped_column(ForeignKey("process_instance.id"), index=True)
    work_item_id: Mapped[int] = mapped_column(ForeignKey("work_item.id"), unique=True)
    student_index: Mapped[int]
    student_name: Mapped[str] = mapped_column(String(30))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    answer: Mapped[str | None] = mapped_column(String(10))
    note: Mapped[str | None] = mapped_column(Text)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    answered_via: Mapped[str | None] = mapped_column(String(10))  # link | paper
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    # Evidence of how a link answer arrived (the letter is visible to officials too).
    answer_ip: Mapped[str | None] = mapped_column(String(64))
    answer_agent: Mapped[str | None] = mapped_column(String(300))
    letter_document_id: Mapped[int | None] = mapped_column()

    instance: Mapped[ProcessInstance] = relationship()
    work_item: Mapped[WorkItem] = relationship()

    @property
    def answer_label(self) -> str:
        return ANSWERS.get(self.answer or "", "未答复")
