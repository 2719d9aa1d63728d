"""Users, passwords, login and the sessions a login opens."""

from __future__ import annotations

import re

from sqlalchemy import select
from werkzeug.security import check_password_hash, generate_password_hash

from webapp import audit
from webapp.clock import Clock
from webapp.errors import NotFound, RuleViolation, TooManyAttempts, Unauthenticated
from webapp.extensions import db
from webapp.models import ROLES, Organisation, User
from webapp.services import api_tokens, login_throttle, passwords

# Checked against when the username is unknown, so both paths cost the same.
_DUMMY_HASH = generate_password_hash("not-a-real-password")
DISABLED_MESSAGE = "该账号已停用，不能登录。如需使用，请联系系统管理员。"
_SESSION_ID = re.compile(r"([0-9]{1,18}):([0-9]{1,18})")


def create_user(
    username: str,
    password: str,
    role: str,
    org_code: str | None,
    clock: Clock,
    name: str = "",
    hash_method: str = "scrypt",
    *,
    email: str | None = None,
    must_change_password: bool = False,
    actor: User | None = None,
) -> User:
    """A new user; the password must pass the rules (services.passwords). The CLI and the demo
    call this directly; the admin pages check more first (services.users: the organisation
    must fit the role)."""
    if role not in ROLES:
        raise RuleViolation(f"未知角色“{role}”，可选：{'、'.join(ROLES)}")
    passwords.check(password, username)
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
        email=email or None,
        must_change_password=must_change_password,
    )
    db.session.add(user)
    db.session.flush()
    audit.record(
        "user_created", clock, actor=actor, subject=f"user:{user.id}", after=described(user)
    )
    return user


def described(user: User) -> dict:
    """What the history keeps of a user (never the password hash)."""
    return {
        "username": user.username,
        "name": user.display_name,
        "email": user.email or "",
        "role": user.role,
        "org": user.org.code if user.org else "",
        "active": user.active,
    }


def user_named(username: str) -> User:
    user = db.session.scalar(select(User).where(User.username == username))
    if user is None:
        raise NotFound(f"用户“{username}”不存在")
    return user


def set_password(
    user: User,
    password: str,
    clock: Clock,
    hash_method: str = "scrypt",
    actor: User | None = None,
    *,
    temporary: bool = False,
) -> None:
    """A new password ends every login session and API token the user has. A page where users
    change their own password logs them in again after the commit, keeping that session only.
    A `temporary` one (an administrator's reset) must be changed at the next login."""
    passwords.check(password, user.username)
    user.password_hash = generate_password_hash(password, method=hash_method)
    user.session_generation += 1
    user.must_change_password = temporary
    api_tokens.revoke_all(user)
    after = {"must_change_password": temporary}
    audit.record("password_set", clock, actor=actor, subject=f"user:{user.id}", after=after)


def change_own_password(
    user: User, current: str, new: str, clock: Clock, hash_method: str = "scrypt"
) -> None:
    """修改密码: the user proves they know the current one; the new one must differ from it."""
    if not check_password_hash(user.password_hash, current):
        raise RuleViolation("当前密码不正确", {"current": "当前密码不正确"})
    if new == current:
        message = "新密码不能与当前密码相同"
        raise RuleViolation(message, {"password": message})
    set_password(user, new, clock, hash_method, actor=user)


def authenticate(
    username: str,
    password: str,
    remote_addr: str | None,
    clock: Clock,
    policy: login_throttle.ThrottlePolicy | None = None,
) -> User:
    """The user for these credentials; repeated failures slow down the client that makes them."""
    policy = policy or login_throttle.ThrottlePolicy()
    address, key = login_throttle.client_address(remote_addr), login_throttle.username_key(username)
    wait, why = login_throttle.wait(address, key, clock, policy)
    if wait:
        raise TooManyAttempts(why, retry_after=wait)
    user = db.session.scalar(select(User).where(User.username == username.strip()))
    valid = check_password_hash(user.password_hash if user else _DUMMY_HASH, password)
    if not (user and valid and user.active):
        login_throttle.record_failure(address, key, clock, policy)
        audit.record("login_failed", clock, subject=f"username:{key}", after={"address": address})
        if user and valid:  # only who knows the password learns the account is disabled
            raise Unauthenticated(DISABLED_MESSAGE)
        raise Unauthenticated("用户名或密码不正确。")
    login_throttle.record_success(address, key, policy)
    audit.record("login", clock, actor=user, subject=f"user:{user.id}")
    return user


def user_for_session(session_id: str) -> User | None:
    """The user a login session (User.get_id) belongs to, unless that session has ended."""
    match = _SESSION_ID.fullmatch(session_id)
    if match is None:
        return None
    user = db.session.get(User, int(match.group(1)))
    if user is None or user.session_generation != int(match.group(2)):
        return None
    return user


def end_sessions(user: User, clock: Clock) -> None:
    """Logout: this session and every other of the user's stop working (a copied cookie too)."""
    user.session_generation += 1
    audit.record("logout", clock, actor=user, subject=f"user:{user.id}")
