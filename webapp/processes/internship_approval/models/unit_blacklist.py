"""The province's list of illegal or untrustworthy units (违法失信单位名单), and its named queries."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, Select, String, and_, or_, select
from sqlalchemy.orm import Mapped, mapped_column, relationship
from sqlalchemy.sql.elements import ColumnElement

from webapp.extensions import db
from webapp.models.types import UTCDateTime
from webapp.models.user import User

STATUSES = {"effective": "有效", "expired": "已过期", "removed": "已移出"}


class BlacklistedUnit(db.Model):
    """One listed unit, known by its credit code, its name, or both.

    The credit code is unique when present (NULLs do not collide on SQLite or PostgreSQL);
    entries listed by name only are kept apart by the service, which compares names loosely.
    """

    __tablename__ = "blacklisted_unit"

    id: Mapped[int] = mapped_column(primary_key=True)
    credit_code: Mapped[str | None] = mapped_column(String(18), unique=True)
    unit_name: Mapped[str] = mapped_column(String(200), default="")
    reason: Mapped[str] = mapped_column(String(500), default="")
    source: Mapped[str] = mapped_column(String(200), default="")
    listed_on: Mapped[date | None]
    # The last day the entry blocks; the day after, it no longer does.
    expires_on: Mapped[date | None]
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    updated_by: Mapped[User | None] = relationship()

    @property
    def label(self) -> str:
        return self.unit_name or self.credit_code or f"第 {self.id} 条"

    def status(self, today: date) -> str:
        """'effective', 'expired' or 'removed' (see STATUSES for the Chinese)."""
        if not self.active:
            return "removed"
        if self.expires_on is not None and self.expires_on < today:
            return "expired"
        return "effective"

    def blocks_on(self, today: date) -> bool:
        return self.status(today) == "effective"


def _status_clause(status: str, today: date) -> ColumnElement[bool] | None:
    unexpired = or_(BlacklistedUnit.expires_on.is_(None), BlacklistedUnit.expires_on >= today)
    return {
        "effective": and_(BlacklistedUnit.active, unexpired),
        "expired": and_(BlacklistedUnit.active, BlacklistedUnit.expires_on < today),
        "removed": BlacklistedUnit.active.is_(False),
    }.get(status)


def blocking_units(today: date) -> Select:
    """Entries that block an internship application on `today`, oldest first."""
    return (
        select(BlacklistedUnit)
        .where(_status_clause("effective", today))
        .order_by(BlacklistedUnit.id)
    )


def blacklist_search(text: str, status: str, today: date) -> Select:
    """Entries whose name or credit code contains `text`, in one status ('' for all), newest first."""
    query = select(BlacklistedUnit)
    text = text.strip()
    if text:
        pattern = f"%{text}%"
        code = "".join(text.split()).upper()
        query = query.where(
            or_(
                BlacklistedUnit.unit_name.ilike(pattern),
                BlacklistedUnit.credit_code.like(f"%{code}%"),
            )
        )
    clause = _status_clause(status, today)
    if clause is not None:
        query = query.where(clause)
    return query.order_by(BlacklistedUnit.id.desc())
