"""The hazards an inspection found, kept out of the engine (DESIGN.md "Engine data is small"):
what each one is, its photos, and which inbox items worked on it."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from webapp.extensions import db
from webapp.models.types import UTCDateTime


class SafetyHazard(db.Model):
    """One hazard of one inspection (case); `number` is its 序号 within the case."""

    __tablename__ = "safety_hazard"
    __table_args__ = (UniqueConstraint("instance_id", "number", name="uq_safety_hazard_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    instance_id: Mapped[int] = mapped_column(ForeignKey("process_instance.id"), index=True)
    number: Mapped[int]
    category: Mapped[str] = mapped_column(String(20))
    level: Mapped[str] = mapped_column(String(10))
    location: Mapped[str] = mapped_column(String(100), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    deadline: Mapped[datetime] = mapped_column(UTCDateTime)
    # [{"attachment_id": int, "filename": str}] from the inspection form
    photos: Mapped[list] = mapped_column(JSON, default=list)
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime)


class SafetyHazardTask(db.Model):
    """An inbox item and the hazard it is about (items_created maps each new one)."""

    __tablename__ = "safety_hazard_task"

    work_item_id: Mapped[int] = mapped_column(ForeignKey("work_item.id"), primary_key=True)
    instance_id: Mapped[int] = mapped_column(ForeignKey("process_instance.id"), index=True)
    number: Mapped[int]
