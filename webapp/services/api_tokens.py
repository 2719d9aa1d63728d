"""API bearer tokens: issued at login, stored only as hashes, expiring, revocable."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from sqlalchemy import delete, select

from webapp import audit
from webapp.clock import Clock
from webapp.errors import Unauthenticated
from webapp.extensions import db
from webapp.models import ApiToken, User


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("ascii", "replace")).hexdigest()


def issue(user: User, clock: Clock, hours: float) -> tuple[str, datetime]:
    """A new token and when it expires; the user's expired tokens are cleared away."""
    now = clock.now()
    db.session.execute(
        delete(ApiToken).where(ApiToken.user_id == user.id, ApiToken.expires_at <= now)
    )
    token = secrets.token_urlsafe(32)
    expires_at = now + timedelta(hours=hours)
    db.session.add(
        ApiToken(user_id=user.id, token_hash=_hash(token), created_at=now, expires_at=expires_at)
    )
    return token, expires_at


def find(token: str, clock: Clock) -> ApiToken:
    """The live token row, or 401 saying why not."""
    row = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == _hash(token)))
    if row is None:
        raise Unauthenticated("令牌无效或已注销，请重新登录获取令牌。")
    if row.expires_at <= clock.now():
        raise Unauthenticated("令牌已过期，请重新登录获取新令牌。")
    if not row.user.active:
        raise Unauthenticated("账号已停用，请联系系统管理员。")
    return row


def revoke(row: ApiToken, clock: Clock) -> None:
    """Logout through the API: this token stops working, the user's others do not."""
    db.session.delete(row)
    audit.record("api_logout", clock, actor=row.user, subject=f"user:{row.user_id}")


def revoke_all(user: User) -> None:
    db.session.execute(delete(ApiToken).where(ApiToken.user_id == user.id))
