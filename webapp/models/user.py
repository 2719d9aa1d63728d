"""Users, their roles, and the API tokens they log in with."""

from __future__ import annotations

from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import ForeignKey, String, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.extensions import db

from .org import Organisation
from .types import UTCDateTime

ROLES = {
    "school_staff": "学校管理员",
    "city_official": "市教育局",
    "provincial_official": "省教育厅",
    "supervisor": "督导",
    "expert": "评审专家",
    "admin": "系统管理员",
}


class User(UserMixin, db.Model):
    __tablename__ = "user_account"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(100), default="")
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(32), index=True)
    org_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"), index=True)
    active: Mapped[bool] = mapped_column(default=True)
    # Where notifications are emailed; none means in-app only.
    email: Mapped[str | None] = mapped_column(String(200))
    # Part of every login session's id: raising it (logout, password reset) ends all sessions.
    session_generation: Mapped[int] = mapped_column(default=0, server_default="0")
    # Set by an administrator's reset (and by an import): until the user chooses a password of
    # their own, every page sends them to 修改密码 and the API answers 403.
    must_change_password: Mapped[bool] = mapped_column(default=False, server_default=false())

    org: Mapped[Organisation | None] = relationship()

    def get_id(self) -> str:
        """What Flask-Login keeps in the session; see services.auth.user_for_session."""
        return f"{self.id}:{self.session_generation}"

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive users
        return self.active

    @property
    def role_label(self) -> str:
        return ROLES.get(self.role, self.role)

    @property
    def label(self) -> str:
        return self.display_name or self.username

    def __repr__(self) -> str:
        return f"<User {self.username} {self.role}>"


class ApiToken(db.Model):
    __tablename__ = "api_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship()


class LoginThrottle(db.Model):
    """Recent failed logins under one key: a client address with a username, an address alone,
    or a username alone (see services.login_throttle)."""

    __tablename__ = "login_throttle"

    key: Mapped[str] = mapped_column(String(160), primary_key=True)
    failures: Mapped[int] = mapped_column(default=0)
    last_failed_at: Mapped[datetime] = mapped_column(UTCDateTime)
