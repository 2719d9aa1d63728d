"""Annual inspection rounds (one a year) and their cases (one instance per school)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, ForeignKey, Index
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.extensions import db
from webapp.models.org import Organisation
from webapp.models.process import ProcessInstance
from webapp.models.types import UTCDateTime


class InspectionRound(db.Model):
    __tablename__ = "inspection_round"

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(unique=True)
    school_deadline: Mapped[date]
    result_date: Mapped[date]
    opened_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime)
    skipped: Mapped[list] = mapped_column(JSON, default=list)


class InspectionCase(db.Model):
    __tablename__ = "inspection_case"
    __table_args__ = (
        Index("uq_inspection_case_round_school", "round_id", "school_id", unique=True),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("inspection_round.id"))
    school_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"))
    instance_id: Mapped[int] = mapped_column(ForeignKey("process_instance.id"), unique=True)

    round: Mapped[InspectionRound] = relationship()
    school: Mapped[Organisation] = relationship()
    instance: Mapped[ProcessInstance] = relationship()
