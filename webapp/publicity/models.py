"""A publication (公示) and the objections (异议) lodged against it."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Date, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from webapp.extensions import db
from webapp.models.types import UTCDateTime


class Publication(db.Model):
    """What is published: public facts only (school, what was decided, the document's number);
    never personal data — the page is open to anyone."""

    __tablename__ = "publication"
    __table_args__ = (Index("ix_publication_published", "published_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))  # inspection_result, sanction_decision, ...
    process_key: Mapped[str] = mapped_column(String(100))
    instance_id: Mapped[int | None] = mapped_column(ForeignKey("process_instance.id"), index=True)
    school_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"))
    document_id: Mapped[int | None] = mapped_column(ForeignKey("issued_document.id"))
    title: Mapped[str] = mapped_column(String(300))
    summary: Mapped[str] = mapped_column(Text, default="")
    publisher: Mapped[str] = mapped_column(String(200))
    published_at: Mapped[datetime] = mapped_column(UTCDateTime)
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)


class Objection(db.Model):
    """An objection from the public: who (name and a way to reach them), what, and files under
    UPLOAD_DIR/objections/ — seen by the province's officials only."""

    __tablename__ = "publication_objection"

    id: Mapped[int] = mapped_column(primary_key=True)
    publication_id: Mapped[int] = mapped_column(ForeignKey("publication.id"), index=True)
    name: Mapped[str] = mapped_column(String(50))
    contact: Mapped[str] = mapped_column(String(100))
    text: Mapped[str] = mapped_column(Text)
    # [{"filename", "storage", "sha256", "size"}]
    evidence: Mapped[list] = mapped_column(JSON, default=list)
    lodged_at: Mapped[datetime] = mapped_column(UTCDateTime)
    instance_id: Mapped[int | None] = mapped_column(ForeignKey("process_instance.id"), index=True)
