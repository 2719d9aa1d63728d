"""The module's tables: one semester case per school (so housekeeping starts each once) and the
visits the school records, one row per completed 登记 step; the engine keeps none of them."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, String, Text, func, select
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.extensions import db
from webapp.models.org import Organisation
from webapp.models.process import ProcessInstance
from webapp.models.types import UTCDateTime
from webapp.models.user import User


class LeaderVisitSemester(db.Model):
    __tablename__ = "leader_visit_semester"
    __table_args__ = (
        Index("uq_leader_visit_semester_school", "school_id", "semester", unique=True),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"))
    semester: Mapped[str] = mapped_column(String(20))  # "2026-autumn"
    start: Mapped[date]
    end: Mapped[date]
    instance_id: Mapped[int] = mapped_column(ForeignKey("process_instance.id"), unique=True)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime)

    school: Mapped[Organisation] = relationship()
    instance: Mapped[ProcessInstance] = relationship()


class LeaderVisit(db.Model):
    __tablename__ = "leader_visit"
    __table_args__ = (Index("ix_leader_visit_school_semester", "school_id", "semester"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"))
    semester: Mapped[str] = mapped_column(String(20))
    instance_id: Mapped[int] = mapped_column(ForeignKey("process_instance.id"))
    work_item_id: Mapped[int] = mapped_column(ForeignKey("work_item.id"), unique=True)
    leader: Mapped[str] = mapped_column(String(20))  # rules.targets.LEADERS
    kind: Mapped[str] = mapped_column(String(10))  # rules.targets.KINDS
    visit_date: Mapped[date]
    course: Mapped[str] = mapped_column(String(100), default="")
    class_name: Mapped[str] = mapped_column(String(100), default="")
    teacher: Mapped[str] = mapped_column(String(50), default="")
    enterprise: Mapped[str] = mapped_column(String(200), default="")
    internship_instance_id: Mapped[int | None] = mapped_column(ForeignKey("process_instance.id"))
    notes: Mapped[str] = mapped_column(Text, default="")
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime)

    recorded_by: Mapped[User | None] = relationship()
    internship_instance: Mapped[ProcessInstance | None] = relationship(
        foreign_keys=[internship_instance_id]
    )


def counts_for(school_ids: list[int], semester: str) -> dict[int, dict[str, dict[str, int]]]:
    """{school id: {leader: {kind: visits}}} for the semester, only what was recorded."""
    rows = db.session.execute(
        select(LeaderVisit.school_id, LeaderVisit.leader, LeaderVisit.kind, func.count())
        .where(LeaderVisit.school_id.in_(school_ids), LeaderVisit.semester == semester)
        .group_by(LeaderVisit.school_id, LeaderVisit.leader, LeaderVisit.kind)
    )
    found: dict[int, dict[str, dict[str, int]]] = {}
    for school_id, leader, kind, count in rows:
        found.setdefault(school_id, {}).setdefault(leader, {})[kind] = count
    return found
