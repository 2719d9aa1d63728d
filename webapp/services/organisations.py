"""Administrators' use cases for organisations: list the province's tree, add a school under a
city, rename it, deactivate or reactivate it. Nothing is deleted.

A deactivated school starts no new case (services.instances.start refuses; the processes that
open one case per school skip it), while its open cases stay visible and workable, and its users
can still log in to finish them: disabling the people is a separate, deliberate step.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import func, select

from webapp import audit
from webapp.clock import Clock
from webapp.errors import NotFound, RuleViolation
from webapp.extensions import db
from webapp.models import Organisation, ProcessInstance, User

SCHOOL_CODE = re.compile(r"[0-9]{8,12}")
MAX_NAME = 200


@dataclass(frozen=True)
class OrgFilters:
    city_id: int | None = None
    kind: str = ""
    active: str = ""  # "1", "0" or "" for both
    q: str = ""

    @property
    def any(self) -> bool:
        return bool(self.city_id or self.kind or self.active or self.q)


def get(org_id: int) -> Organisation:
    org = db.session.get(Organisation, org_id)
    if org is None:
        raise NotFound("机构不存在。")
    return org


def cities() -> list[Organisation]:
    query = select(Organisation).where(Organisation.kind == "city").order_by(Organisation.code)
    return list(db.session.scalars(query))


def _matches(org: Organisation, filters: OrgFilters) -> bool:
    if filters.kind and org.kind != filters.kind:
        return False
    if filters.active in ("0", "1") and org.active != (filters.active == "1"):
        return False
    if filters.city_id is not None and org.city_id != filters.city_id:
        return False
    text = filters.q.lower()
    return not text or text in org.name.lower() or text in org.code.lower()


def tree(filters: OrgFilters) -> list[Organisation]:
    """The organisations passing the filters in tree order: province, each city, its schools."""
    rows = db.session.scalars(select(Organisation).order_by(Organisation.code)).all()
    children: dict[int | None, list[Organisation]] = {}
    for org in rows:
        children.setdefault(org.parent_id, []).append(org)
    ordered: list[Organisation] = []
    stack = list(reversed(children.get(None, [])))
    while stack:
        org = stack.pop()
        ordered.append(org)
        stack.extend(reversed(children.get(org.id, [])))
    return [org for org in ordered if _matches(org, filters)]


def user_counts() -> dict[int, int]:
    query = select(User.org_id, func.count()).where(User.org_id.is_not(None)).group_by(User.org_id)
    return dict(db.session.execute(query).all())


def open_case_count(org: Organisation) -> int:
    query = select(func.count()).where(
        ProcessInstance.school_id == org.id, ProcessInstance.status.in_(("running", "error"))
    )
    return db.session.scalar(query) or 0


def _check_name(name: str) -> str | None:
    if not name:
        return "请填写学校名称"
    if len(name) > MAX_NAME:
        return f"学校名称不能超过 {MAX_NAME} 个字"
    return None


def add_school(code: str, name: str, city_code: str, actor: User, clock: Clock) -> Organisation:
    errors: dict[str, str] = {}
    if not SCHOOL_CODE.fullmatch(code):
        errors["code"] = "学校代码为 8–12 位数字，如 21010003"
    elif db.session.scalar(select(Organisation.id).where(Organisation.code == code)):
        errors["code"] = f"机构代码“{code}”已被使用"
    if problem := _check_name(name):
        errors["name"] = problem
    city = db.session.scalar(
        select(Organisation).where(Organisation.code == city_code, Organisation.kind == "city")
    )
    if city is None:
        errors["city"] = "请选择学校所在的市"
    if errors:
        raise RuleViolation("请修改标出的项目", errors)
    school = Organisation(code=code, kind="school", name=name, parent=city)
    db.session.add(school)
    db.session.flush()
    after = {"code": code, "name": name, "city": city.code}
    audit.record(
        "organisation_created", clock, actor=actor, subject=f"org:{school.id}", after=after
    )
    return school


def rename(org: Organisation, name: str, actor: User, clock: Clock) -> bool:
    """A school's new name; whether it changed. Open cases keep the title they were given."""
    _only_schools(org)
    if problem := _check_name(name):
        raise RuleViolation(problem, {"name": problem})
    if name == org.name:
        return False
    before = {"name": org.name}
    org.name = name
    audit.record(
        "organisation_updated",
        clock,
        actor=actor,
        subject=f"org:{org.id}",
        before=before,
        after={"name": name},
    )
    return True


def set_active(org: Organisation, active: bool, actor: User, clock: Clock) -> bool:
    """Deactivate or reactivate a school; whether anything changed."""
    _only_schools(org)
    if org.active == active:
        return False
    org.active = active
    action = "organisation_reactivated" if active else "organisation_deactivated"
    after = {"active": active}
    audit.record(action, clock, actor=actor, subject=f"org:{org.id}", after=after)
    return True


def _only_schools(org: Organisation) -> None:
    if org.kind != "school":
        raise RuleViolation("只能修改或停用学校；省、市机构由部署时配置。")
