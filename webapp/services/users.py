"""Administrators' use cases for users: create, edit, disable or enable, reset a password.
Users are never deleted: a disabled one keeps their history and the work they completed."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy import update as sql_update

from webapp import audit
from webapp.clock import Clock
from webapp.errors import NotFound, RuleViolation
from webapp.extensions import db
from webapp.models import ROLES, Event, Organisation, User, WorkItem
from webapp.services import api_tokens, auth, passwords

USERNAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{1,63}")
EMAIL = re.compile(r"[^@\s]{1,64}@[^@\s.]+(\.[^@\s.]+)+")
MAX_NAME = 100
# The kind of organisation each role belongs to (None: none at all).
ORG_KIND_FOR_ROLE = {
    "school_staff": "school",
    "city_official": "city",
    "provincial_official": "province",
    "supervisor": "province",
    "admin": "province",
    "expert": None,
}
_KIND_TEXT = {"school": "一所学校", "city": "一个市教育局", "province": "省教育厅"}


@dataclass(frozen=True)
class UserInput:
    """What the create and edit forms (and an import row) give; text as entered."""

    username: str = ""
    name: str = ""
    email: str = ""
    role: str = ""
    org_code: str = ""
    active: bool = True

    @classmethod
    def from_form(cls, form: Mapping[str, str]) -> UserInput:
        return cls(
            username=form.get("username", "").strip(),
            name=form.get("name", "").strip(),
            email=form.get("email", "").strip(),
            role=form.get("role", "").strip(),
            org_code=form.get("org", "").strip(),
            active=form.get("active", "1") == "1",
        )


def get(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None:
        raise NotFound("用户不存在。")
    return user


def history(user: User, limit: int = 30) -> list[Event]:
    """The latest events about the user (created, changed, disabled, passwords, logins)."""
    query = select(Event).where(Event.chain == "system", Event.subject == f"user:{user.id}")
    return list(db.session.scalars(query.order_by(Event.seq.desc()).limit(limit)))


def org_problem(role: str, org: Organisation | None) -> str | None:
    """Why this organisation does not fit the role, or None."""
    wanted = ORG_KIND_FOR_ROLE.get(role)
    if wanted is None:
        return "评审专家不属于任何机构，请留空" if org is not None else None
    if org is None or org.kind != wanted:
        return f"{ROLES[role]}用户必须属于{_KIND_TEXT[wanted]}"
    return None


def _org_named(code: str) -> Organisation | None:
    return db.session.scalar(select(Organisation).where(Organisation.code == code))


def check_input(data: UserInput, editing: User | None = None) -> tuple[dict, Organisation | None]:
    """Field errors in Chinese (empty when valid) and the organisation the input names."""
    errors: dict[str, str] = {}
    if editing is None:
        if not USERNAME.fullmatch(data.username):
            errors["username"] = "用户名为 2–64 位英文字母、数字或 . _ -，以字母或数字开头"
        elif db.session.scalar(select(User.id).where(User.username == data.username)):
            errors["username"] = f"用户名“{data.username}”已被使用"
    if len(data.name) > MAX_NAME:
        errors["name"] = f"姓名不能超过 {MAX_NAME} 个字"
    if data.email and (len(data.email) > 200 or not EMAIL.fullmatch(data.email)):
        errors["email"] = "邮箱格式不正确，如 zhang@example.cn"
    org = _org_named(data.org_code) if data.org_code else None
    if data.role not in ROLES:
        errors["role"] = "请选择角色"
    elif data.org_code and org is None:
        errors["org"] = f"机构代码“{data.org_code}”不存在"
    elif problem := org_problem(data.role, org):
        errors["org"] = problem
    return errors, org


def create(
    data: UserInput, password: str, actor: User, clock: Clock, hash_method: str, *, temporary: bool
) -> User:
    """A new user with this password (checked by the rules); `temporary`: change at next login."""
    errors, _org = check_input(data)
    if errors:
        raise RuleViolation("请修改标出的项目", errors)
    user = auth.create_user(
        data.username,
        password,
        data.role,
        data.org_code or None,
        clock,
        data.name,
        hash_method,
        email=data.email or None,
        must_change_password=temporary,
        actor=actor,
    )
    if not data.active:
        user.active = False
        audit.record("user_disabled", clock, actor=actor, subject=f"user:{user.id}")
    return user


def _refuse_self_harm(user: User, data: UserInput, actor: User) -> None:
    if user.id != actor.id:
        return
    if not data.active:
        raise RuleViolation("不能停用自己的账号", {"active": "不能停用自己的账号"})
    if data.role != "admin":
        raise RuleViolation("不能取消自己的系统管理员角色", {"role": "不能取消自己的管理员角色"})


def update(user: User, data: UserInput, actor: User, clock: Clock) -> dict[str, tuple]:
    """Change name, email, role, organisation and the active flag (the username stays); the
    changes as {field: (before, after)}, recorded in the history."""
    errors, org = check_input(data, editing=user)
    if errors:
        raise RuleViolation("请修改标出的项目", errors)
    _refuse_self_harm(user, data, actor)
    before = auth.described(user)
    user.display_name, user.email, user.role, user.org = (
        data.name,
        data.email or None,
        data.role,
        org,
    )
    after = auth.described(user) | {"active": before["active"]}
    changed = {k: (before[k], after[k]) for k in before if before[k] != after[k]}
    if "role" in changed or "org" in changed:
        # A claim was made in the old role or organisation: it gives no right to act now, and
        # left in place it would keep the task from everyone the new scope leaves with it.
        _release_claims(user, actor, clock)
    if changed:
        audit.record(
            "user_updated",
            clock,
            actor=actor,
            subject=f"user:{user.id}",
            before={k: v[0] for k, v in changed.items()},
            after={k: v[1] for k, v in changed.items()},
        )
    if data.active != user.active:
        set_active(user, data.active, actor, clock)
        changed["active"] = (not data.active, data.active)
    return changed


def set_active(user: User, active: bool, actor: User, clock: Clock) -> None:
    """Disable (ends every session and API token; their claimed open tasks go back to the
    group queue) or enable again. Never one's own account."""
    if user.id == actor.id and not active:
        raise RuleViolation("不能停用自己的账号", {"active": "不能停用自己的账号"})
    if user.active == active:
        return
    user.active = active
    if not active:
        user.session_generation += 1
        api_tokens.revoke_all(user)
        _release_claims(user, actor, clock)
    action = "user_enabled" if active else "user_disabled"
    audit.record(action, clock, actor=actor, subject=f"user:{user.id}", after={"active": active})


def _release_claims(user: User, actor: User, clock: Clock) -> None:
    claimed = db.session.scalars(
        select(WorkItem).where(WorkItem.assignee_id == user.id, WorkItem.status == "open")
    ).all()
    for item in claimed:
        audit.record(
            "task_unclaimed",
            clock,
            actor=actor,
            instance_id=item.instance_id,
            subject=f"work_item:{item.id}",
            before={"assignee": user.username},
        )
    db.session.execute(
        sql_update(WorkItem)
        .where(WorkItem.assignee_id == user.id, WorkItem.status == "open")
        .values(assignee_id=None, claimed_at=None)
        .execution_options(synchronize_session=False)
    )


def reset_password(user: User, password: str, actor: User, clock: Clock, hash_method: str) -> str:
    """Set a temporary password (the one given, or a generated one when blank) that the user
    must change at the next login; returns it, to be shown once and never stored in clear."""
    if user.id == actor.id:
        message = "请在“修改密码”页修改您自己的密码"
        raise RuleViolation(message, {"password": message})
    password = password or passwords.temporary_password(user.username)
    auth.set_password(user, password, clock, hash_method, actor=actor, temporary=True)
    return password
