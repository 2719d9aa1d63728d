"""Which student each 学籍异动 case is about, so a second change of the same student is refused
while one runs and a student's changes can be listed (the engine's data is not searchable)."""

from __future__ import annotations

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from webapp.extensions import db


class StatusChange(db.Model):
    __tablename__ = "status_change"

    id: Mapped[int] = mapped_column(primary_key=True)
    instance_id: Mapped[int] = mapped_column(ForeignKey("process_instance.id"), unique=True)
    school_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"), index=True)
    id_number: Mapped[str] = mapped_column(String(18), index=True)
    student_no: Mapped[str] = mapped_column(String(32))
    kind: Mapped[str] = mapped_column(String(32))
