"""The major catalogue, each school's majors, and the history of every change to a school's list."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, ForeignKey, Select, String, UniqueConstraint, or_, select
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.extensions import db
from webapp.models import Organisation, User
from webapp.models.types import UTCDateTime

# A school major's standing (开设状态).
STATUSES = {"enrolling": "在招", "paused": "停招", "withdrawn": "撤销"}
# How the fields of a school major are named on pages and in its history.
FIELD_LABELS = {
    "code": "专业代码",
    "name": "专业名称",
    "direction": "方向",
    "years": "学制",
    "first_intake_year": "首次招生年份",
    "status": "状态",
    "catalogue_version": "目录版本",
    "planned_enrollment": "年招生计划",
    "enrollment": "各年级人数",
    "employment": "就业率",
}


class CatalogueMajor(db.Model):
    """One major of one catalogue version; a later version (增补) adds rows and changes none."""

    __tablename__ = "catalogue_major"
    __table_args__ = (UniqueConstraint("version", "code", name="uq_catalogue_major_version_code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[str] = mapped_column(String(32), index=True)
    code: Mapped[str] = mapped_column(String(6), index=True)
    name: Mapped[str] = mapped_column(String(100))
    category_code: Mapped[str] = mapped_column(String(2))
    category_name: Mapped[str] = mapped_column(String(50))
    class_code: Mapped[str] = mapped_column(String(4))
    class_name: Mapped[str] = mapped_column(String(50))
    agricultural: Mapped[bool] = mapped_column(default=False)
    state_controlled: Mapped[bool] = mapped_column(default=False)
    valid_from: Mapped[date | None] = mapped_column()
    valid_to: Mapped[date | None] = mapped_column()

    @property
    def label(self) -> str:
        return f"{self.code} {self.name}"


class SchoolMajor(db.Model):
    """A major a school offers (or offered), approved under one catalogue row."""

    __tablename__ = "school_major"
    __table_args__ = (UniqueConstraint("school_id", "code", name="uq_school_major_school_code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    catalogue_id: Mapped[int] = mapped_column(ForeignKey("catalogue_major.id"), index=True)
    code: Mapped[str] = mapped_column(String(6))
    name: Mapped[str] = mapped_column(String(100))
    direction: Mapped[str] = mapped_column(String(100), default="")
    years: Mapped[int] = mapped_column(default=3)
    first_intake_year: Mapped[int | None] = mapped_column()
    status: Mapped[str] = mapped_column(String(16), default="enrolling")
    # 年招生计划 (people a year) as last approved; None until a request has set one.
    planned_enrollment: Mapped[int | None] = mapped_column()
    enrollment: Mapped[dict] = mapped_column(
        JSON, default=dict
    )  # {"2025": 120, ...} by intake year
    employment: Mapped[dict] = mapped_column(JSON, default=dict)  # {"2024": 95.5, ...} percent

    school: Mapped[Organisation] = relationship()
    catalogue: Mapped[CatalogueMajor] = relationship()

    @property
    def status_label(self) -> str:
        return STATUSES.get(self.status, self.status)

    def snapshot(self) -> dict:
        """What a change record keeps before and after."""
        return {
            "code": self.code,
            "name": self.name,
            "direction": self.direction,
            "years": self.years,
            "first_intake_year": self.first_intake_year,
            "status": self.status,
            "planned_enrollment": self.planned_enrollment,
            "catalogue_version": self.catalogue.version if self.catalogue else None,
            "enrollment": dict(self.enrollment or {}),
            "employment": dict(self.employment or {}),
        }


class SchoolMajorChange(db.Model):
    """One change to a school's major list: who, when, under which case, before → after."""

    __tablename__ = "school_major_change"

    id: Mapped[int] = mapped_column(primary_key=True)
    school_major_id: Mapped[int] = mapped_column(ForeignKey("school_major.id"), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    instance_id: Mapped[int | None] = mapped_column(ForeignKey("process_instance.id"), index=True)
    reason: Mapped[str] = mapped_column(String(300), default="")
    before: Mapped[dict | None] = mapped_column(JSON)
    after: Mapped[dict] = mapped_column(JSON)

    actor: Mapped[User | None] = relationship()


def catalogue_search(text: str = "", category: str = "", version: str = "") -> Select:
    """Catalogue rows by code or name, 大类 code and version; by code, then version."""
    query = select(CatalogueMajor)
    if text:
        like = f"%{text}%"
        query = query.where(or_(CatalogueMajor.code.like(like), CatalogueMajor.name.like(like)))
    if category:
        query = query.where(CatalogueMajor.category_code == category)
    if version:
        query = query.where(CatalogueMajor.version == version)
    return query.order_by(CatalogueMajor.code, CatalogueMajor.version)


def catalogue_versions() -> list[str]:
    rows = db.session.scalars(select(CatalogueMajor.version).distinct())
    return sorted(rows)


def catalogue_categories() -> list[tuple[str, str]]:
    query = select(CatalogueMajor.category_code, CatalogueMajor.category_name).distinct()
    return sorted({(code, name) for code, name in db.session.execute(query)})


def current_entry(code: str, on: date | None = None) -> CatalogueMajor | None:
    """The newest catalogue row for the code that is valid on the day (any day if None)."""
    query = select(CatalogueMajor).where(CatalogueMajor.code == code)
    if on is not None:
        query = query.where(
            or_(CatalogueMajor.valid_from.is_(None), CatalogueMajor.valid_from <= on),
            or_(CatalogueMajor.valid_to.is_(None), CatalogueMajor.valid_to >= on),
        )
    return db.session.scalars(query.order_by(CatalogueMajor.version.desc())).first()


def entry_named(name: str) -> CatalogueMajor | None:
    """The newest catalogue row of that name."""
    query = select(CatalogueMajor).where(CatalogueMajor.name == name)
    return db.session.scalars(query.order_by(CatalogueMajor.version.desc())).first()


def school_majors(school_id: int) -> Select:
    return select(SchoolMajor).where(SchoolMajor.school_id == school_id).order_by(SchoolMajor.code)


def changes_of(school_id: int) -> Select:
    return (
        select(SchoolMajorChange)
        .join(SchoolMajor)
        .where(SchoolMajor.school_id == school_id)
        .order_by(SchoolMajorChange.at.desc(), SchoolMajorChange.id.desc())
    )
