"""In-app notifications (通知): one row per recipient, read or unread, emailed or not."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Select, String, Text, select
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from webapp.extensions import db

from .types import UTCDateTime
from .user import User

KINDS = {
    "assignment": "新待办",
    "delegation": "转办",
    "reminder": "到期提醒",
    "overdue": "逾期",
    "escalation": "督办",
    "system": "系统通知",
}
TITLE_LENGTH = 300
LINK_LENGTH = 500


def is_internal_link(link: str | None) -> bool:
    """A path on this site; not "//host" or "/\\host", which browsers read as another host."""
    if not link or not link.startswith("/") or link.startswith("//"):
        return False
    return "\\" not in link and not any(char.isspace() or ord(char) < 32 for char in link)


def check_link(link: str | None) -> str | None:
    if link is not None and not is_internal_link(link):
        raise ValueError(f"notification links must be paths inside the app, not {link!r}")
    return link


def check_kind(kind: str) -> str:
    if kind not in KINDS:
        raise ValueError(f"unknown notification kind {kind!r}; expected one of {sorted(KINDS)}")
    return kind


class Notification(db.Model):
    __tablename__ = "notification"
    # Serves the unread badge (user, read_at IS NULL) and the newest-first list.
    __table_args__ = (Index("ix_notification_user_read", "user_id", "read_at", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    kind: Mapped[str] = mapped_column(String(16))
    title: Mapped[str] = mapped_column(String(TITLE_LENGTH))
    body: Mapped[str] = mapped_column(Text, default="")
    link: Mapped[str | None] = mapped_column(String(LINK_LENGTH))
    instance_id: Mapped[int | None] = mapped_column(ForeignKey("process_instance.id"))
    work_item_id: Mapped[int | None] = mapped_column(ForeignKey("work_item.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    emailed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    email_error: Mapped[str | None] = mapped_column(Text)
    # Failed deliveries of this message (not server outages); it is retried a few times only.
    email_attempts: Mapped[int] = mapped_column(default=0)

    user: Mapped[User] = relationship()

    @validates("kind")
    def _valid_kind(self, _key: str, kind: str) -> str:
        return check_kind(kind)

    @validates("link")
    def _valid_link(self, _key: str, link: str | None) -> str | None:
        return check_link(link)

    @validates("title")
    def _short_title(self, _key: str, title: str) -> str:
        return title[:TITLE_LENGTH]

    @property
    def kind_label(self) -> str:
        return KINDS.get(self.kind, self.kind)

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


def notifications_of(user: User, only_unread: bool = False) -> Select:
    """The user's own notifications, newest first."""
    query = select(Notification).where(Notification.user_id == user.id)
    if only_unread:
        query = query.where(Notification.read_at.is_(None))
    return query.order_by(Notification.created_at.desc(), Notification.id.desc())
