"""What a user keeps for themselves: drafts of forms they have not sent, and saved filters."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from webapp.extensions import db

from .types import UTCDateTime


class FormDraft(db.Model):
    """A form filled in part: `slot` names the form ("task:42" for a task, "start:<key>" for a
    start form). Only its owner reads it; sending the form deletes it."""

    __tablename__ = "form_draft"
    __table_args__ = (UniqueConstraint("user_id", "slot", name="uq_form_draft_user_slot"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    slot: Mapped[str] = mapped_column(String(120), index=True)
    data: Mapped[dict] = mapped_column(JSON, default=dict)
    saved_at: Mapped[datetime] = mapped_column(UTCDateTime)


class SavedFilter(db.Model):
    """A named set of a list's filters (待办 for now), like Camunda Tasklist's filters: `query`
    is the list's query string, read again by the list's own filter reader."""

    __tablename__ = "saved_filter"
    __table_args__ = (UniqueConstraint("user_id", "page", "name", name="uq_saved_filter_name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    page: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(40))
    query: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
