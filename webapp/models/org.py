"""Organisations: the province, its cities and their schools."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.extensions import db

from .types import UTCDateTime

KINDS = {"province": "省", "city": "市", "school": "学校"}

# A school's standing (办学状态): the sanctions the province has imposed on it (RULES.md §1.6–1.7),
# mildest first. Processes set it (a sanction decision) and read it (refusing a start).
STANDINGS = {
    "": "正常",
    "enrollment_cut": "缩减招生计划",
    "registration_suspended": "暂停新生学籍注册",
    "enrollment_stopped": "停止招生",
    "enrollment_revoked": "取缔招生资格",
}
# Standings under which no new students may be registered.
NO_REGISTRATION = ("registration_suspended", "enrollment_stopped", "enrollment_revoked")


class Organisation(db.Model):
    __tablename__ = "organisation"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    kind: Mapped[str] = mapped_column(String(16), index=True)
    name: Mapped[str] = mapped_column(String(200))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"), index=True)
    active: Mapped[bool] = mapped_column(default=True)
    standing: Mapped[str] = mapped_column(String(32), default="", server_default="")
    standing_since: Mapped[datetime | None] = mapped_column(UTCDateTime)
    standing_basis: Mapped[str] = mapped_column(String(300), default="", server_default="")
    enrollment_cut_percent: Mapped[int | None] = mapped_column()

    parent: Mapped[Organisation | None] = relationship(remote_side=[id])

    @property
    def city_id(self) -> int | None:
        """The city this organisation sits in (itself for a city)."""
        if self.kind == "city":
            return self.id
        if self.kind == "school":
            return self.parent_id
        return None

    @property
    def standing_label(self) -> str:
        return STANDINGS.get(self.standing, self.standing)

    @property
    def kind_label(self) -> str:
        return KINDS.get(self.kind, self.kind)

    def __repr__(self) -> str:
        return f"<Organisation {self.code} {self.kind}>"
