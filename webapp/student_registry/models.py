"""One row per student registration (学籍) as the national system exported it."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from webapp.extensions import db
from webapp.models.types import UTCDateTime

# 学段: the education stage of a registration; the values are the export's own words.
STAGES = ("中职", "普通高中", "技工学校", "普通高等学校", "义务教育")
# 学籍状态: only 在籍在校 counts as studying.
STATUSES = ("在籍在校", "休学", "退学", "转出", "注销", "死亡")
STUDYING = "在籍在校"


class RegistryStudent(db.Model):
    """A registration: a student may have several (one per stage or school), which is exactly
    what the double-registration checks look for."""

    __tablename__ = "registry_student"
    __table_args__ = (
        Index("ix_registry_student_id_number", "id_number"),
        # The subsidy checks' match (学籍号, 身份证号, 学段, 学校): a covering search whatever the
        # statistics say (without them SQLite picked the school index and read whole schools).
        Index("ix_registry_student_match", "student_no", "id_number", "stage", "school_code"),
        Index("ix_registry_student_school_stage", "school_code", "stage"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    student_no: Mapped[str] = mapped_column(String(32))  # 学籍号
    id_number: Mapped[str] = mapped_column(String(18))  # 身份证号, upper case, no spaces
    name: Mapped[str] = mapped_column(String(50))
    school_code: Mapped[str] = mapped_column(String(32))  # 学校代码 (not always one of ours)
    stage: Mapped[str] = mapped_column(String(16))  # one of STAGES
    status: Mapped[str] = mapped_column(String(16))  # one of STATUSES
    full_time: Mapped[bool] = mapped_column()  # 全日制学历教育
    formal: Mapped[bool] = mapped_column()  # 正式学籍
    grade: Mapped[int | None] = mapped_column()  # 1–3 where the stage has grades
    major_code: Mapped[str] = mapped_column(String(6), default="")
    agricultural: Mapped[bool] = mapped_column(default=False)  # 涉农
    as_of: Mapped[date] = mapped_column()  # the export's date


class RegistryChange(db.Model):
    """A change this system made to a registration (学籍异动 approved by the city): what the row
    said before and after, which case decided it, who and when. An import of a newer export
    replaces the rows themselves; this history stays."""

    __tablename__ = "registry_change"

    id: Mapped[int] = mapped_column(primary_key=True)
    instance_id: Mapped[int | None] = mapped_column(
        ForeignKey("process_instance.id"), index=True, unique=True
    )
    id_number: Mapped[str] = mapped_column(String(18), index=True)
    student_no: Mapped[str] = mapped_column(String(32))
    school_code: Mapped[str] = mapped_column(String(32))
    kind: Mapped[str] = mapped_column(String(32))  # the change's type (e.g. transfer)
    before: Mapped[dict] = mapped_column(JSON, default=dict)
    after: Mapped[dict] = mapped_column(JSON, default=dict)
    note: Mapped[str] = mapped_column(String(300), default="")  # why nothing changed, if so
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime)
