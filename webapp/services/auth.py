"""Passwords, login throttling and API tokens."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from sqlalchemy import select
from werkzeug.security import check_password_hash, generate_password_hash

from webapp.clock import Clock
from webapp.errors import RuleViolation, TooManyAttempts, Unauthenticated
from webapp.extensions import db
from webapp.models import ROLES, ApiToken, LoginThrottle, Organisation, User
from webapp.services import audit

# Checked against when the username is unknown, so both paths cost the same.
_DUMMY_HASH = generate_password_hash("not-a-real-password")
MAX_DELAY_SECONDS = 300
MIN_PASSWORD_LENGTH = 8


def create_user(
    username: str,
    password: str,
    role: str,
    org_code: str | None,
    clock: Clock,
    name: str = "",
    hash_method: str = "scrypt",
) -> User:
    if role not in ROLES:
        raise RuleViolation(f"未知角色“{role}”，可选：{'、'.join(ROLES)}")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise RuleViolation(f"密码至少需要 {MIN_PASSWORD_LENGTH} 位")
    if db.session.scalar(select(User).where(User.username == username)):
        raise RuleViolation(f"用户名“{username}”已存在")
    org = None
    if org_code:
        org = db.session.scalar(select(Organisation).where(Organisation.code == org_code))
        if org is None:
            raise RuleViolation(f"机构代码“{org_code}”不存在")
    elif role != "expert":
        raise RuleViolation("除评审专家外，每个用户都必须属于一个机构")
    user = User(
        username=username,
        display_name=name,
        password_hash=generate_password_hash(password, method=hash_method),
        role=role,
        org=org,
    )
    db.session.add(user)
    db.session.flush()
    audit.record(
        "user_created", clock, subject=f"user:{user.id}", after={"username": username, "role": role}
    )
    return user


def _wait_seconds(throttle: LoginThrottle | None, free_attempts: int, clock: Clock) -> int:
    if throttle is None or throttle.failures < free_attempts or throttle.last_failed_at is None:
        return 0
    delay = min(2 ** (throttle.failures - free_attempts), MAX_DELAY_SECONDS)
    elapsed = (clock.now() - throttle.last_failed_at).total_seconds()
    return max(0, int(delay - elapsed + 0.999))


def authenticate(username: str, password: str, clock: Clock, free_attempts: int = 5) -> User:
    """The user for these credentials; slows down repeated failures for the same username."""
    key = username.strip().lower()[:64]
    throttle = db.session.get(LoginThrottle, key)
    wait = _wait_seconds(throttle, free_attempts, clock)
    if wait:
        raise TooManyAttempts(f"登录失败次数过多，请在 {wait} 秒后重试。")
    user = db.session.scalar(select(User).where(User.username == username.strip()))
    valid = check_password_hash(user.password_hash if user else _DUMMY_HASH, password)
    if not (user and valid and user.active):
        if throttle is None:
            throttle = LoginThrottle(username=key, failures=0)
            db.session.add(throttle)
        throttle.failures += 1
        throttle.last_failed_at = clock.now()
        audit.record("login_failed", clock, subject=f"username:{key}")
        raise Unauthenticated("用户名或密码不正确。")
    if throttle is not None:
        db.session.delete(throttle)
    audit.record("login", clock, actor=user, subject=f"user:{user.id}")
    return user


def _hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("ascii", "replace")).hexdigest()


def issue_token(user: User, clock: Clock, hours: int) -> str:
    """A new bearer token; only its hash is stored."""
    token = secrets.token_urlsafe(32)
    now = clock.now()
    db.session.add(
        ApiToken(
            user_id=user.id,
            token_hash=_hash_token(token),
            created_at=now,
            expires_at=now + timedelta(hours=hours),
        )
    )
    return token


def user_for_token(token: str, clock: Clock) -> User:
    row = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == _hash_token(token)))
    if row is None or row.expires_at <= clock.now() or not row.user.active:
        raise Unauthenticated("登录已失效，请重新登录获取令牌。")
    return row.user
