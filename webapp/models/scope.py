"""The one place that decides what a user may see and act on: every list and load uses it."""

from __future__ import annotations

from sqlalchemy import Select, false, or_, select, true

from .document import IssuedDocument
from .org import Organisation
from .process import ProcessInstance
from .user import User
from .work_item import IS_OPEN, WorkItem


def _org_kind(user: User) -> str | None:
    return user.org.kind if user.org else None


def _org_filter(user: User, school_col, city_col):
    """Rows whose school/city the user's organisation covers."""
    kind = _org_kind(user)
    if kind == "province":
        return true()
    if kind == "city":
        return city_col == user.org_id
    if kind == "school":
        return school_col == user.org_id
    return false()


def actionable_ways(user: User) -> list:
    """The ways a user is a candidate for an open work item, as disjoint conditions (so a list
    can read each from its own index and add them up): an unclaimed item of their role in their
    organisation's scope that names nobody; an unclaimed item naming them; an item they claimed.
    An expert acts only on what they were invited to (items naming them), whatever their
    organisation. The same rule as `may_act`, for lists."""
    if user.role == "expert":
        ways, claimed = [], WorkItem.assignee_id == user.id
    else:
        in_scope = _org_filter(user, WorkItem.school_id, WorkItem.city_id)  # false() without one
        by_role = (WorkItem.role == user.role) & WorkItem.candidate_user_id.is_(None)
        ways = [by_role & WorkItem.assignee_id.is_(None) & in_scope] if user.org else []
        # A claim on an item of their role outside their scope (they have since moved) gives no
        # right to act.
        claimed = (WorkItem.assignee_id == user.id) & (
            WorkItem.role.is_(None) | ~by_role | in_scope
        )
    ways.append((WorkItem.candidate_user_id == user.id) & WorkItem.assignee_id.is_(None))
    ways.append(claimed)
    return ways


def actionable_items(user: User) -> Select:
    """Open work items the user may act on (any of `actionable_ways`)."""
    return select(WorkItem).where(IS_OPEN, or_(*actionable_ways(user)))


def done_items(user: User) -> Select:
    """Work items the user completed (已办)."""
    return select(WorkItem).where(
        WorkItem.status == "completed", WorkItem.completed_by_id == user.id
    )


def may_act(user: User, item: WorkItem) -> bool:
    """Whether the user is a candidate for this item (ignores who has claimed it)."""
    if item.candidate_user_id is not None:
        return item.candidate_user_id == user.id or item.assignee_id == user.id
    if item.role != user.role:
        return item.assignee_id == user.id
    if user.role == "expert":
        return item.assignee_id == user.id
    return covers(user, item.school_id, item.city_id)


def may_work_on(user: User, item: WorkItem) -> bool:
    """Whether the user may claim, hand on or submit the item now: it is open, they are a
    candidate, and nobody else has claimed it."""
    return item.status == "open" and may_act(user, item) and item.assignee_id in (None, user.id)


def covers(user: User, school_id: int | None, city_id: int | None) -> bool:
    kind = _org_kind(user)
    if kind == "province":
        return True
    if kind == "city":
        return city_id is not None and city_id == user.org_id
    if kind == "school":
        return school_id is not None and school_id == user.org_id
    return False


def candidate_users(item: WorkItem) -> Select:
    """Active users to tell about an item: its assignee once claimed, else all `may_act` accepts."""
    query = select(User).where(User.active.is_(True)).order_by(User.id)
    if item.assignee_id is not None:
        return query.where(User.id == item.assignee_id)
    if item.candidate_user_id is not None:
        return query.where(User.id == item.candidate_user_id)
    if item.role is None:
        return query.where(false())
    return role_users(item.role, item.school_id, item.city_id)


def role_users(role: str, school_id: int | None, city_id: int | None) -> Select:
    """Active users of a role whose organisation covers the school/city. Experts act only where
    an item names them, so a role alone reaches none (whatever their organisation)."""
    query = select(User).where(User.active.is_(True), User.role == role).order_by(User.id)
    if role == "expert":
        return query.where(false())
    return query.join(User.org).where(_covering_orgs(school_id, city_id))


def _covering_orgs(school_id: int | None, city_id: int | None):
    """The query form of `covers`: organisations whose users cover this school/city."""
    kinds = [Organisation.kind == "province"]
    if city_id is not None:
        kinds.append((Organisation.kind == "city") & (Organisation.id == city_id))
    if school_id is not None:
        kinds.append((Organisation.kind == "school") & (Organisation.id == school_id))
    return or_(*kinds)


def visible_instances(user: User) -> Select:
    """Instances the user may read: their organisation's, ones they started or work on."""
    involved = select(WorkItem.instance_id).where(
        or_(
            WorkItem.candidate_user_id == user.id,
            WorkItem.assignee_id == user.id,
            WorkItem.completed_by_id == user.id,
        )
    )
    by_org = _org_filter(user, ProcessInstance.school_id, ProcessInstance.city_id)
    if user.role == "expert":
        by_org = false()  # experts read only the cases they were invited to
    return select(ProcessInstance).where(
        or_(
            by_org,
            ProcessInstance.starter_id == user.id,
            ProcessInstance.id.in_(involved),
        )
    )


def visible_documents(user: User) -> Select:
    """Issued documents of the instances the user may read."""
    instance_ids = visible_instances(user).with_only_columns(ProcessInstance.id)
    return select(IssuedDocument).where(IssuedDocument.instance_id.in_(instance_ids))


def filterable_cities(user: User) -> Select:
    """Cities a user's lists can be narrowed to: every city for the province and for users of
    no organisation (experts, who work wherever they are asked); none for a city or a school."""
    query = select(Organisation).where(Organisation.kind == "city")
    if _org_kind(user) in ("province", None):
        return query
    return query.where(false())


def acts_for_province(user: User) -> bool:
    """Whether the user may do what only the province does: a provincial official or an
    administrator of the province."""
    return _org_kind(user) == "province" and user.role in ("provincial_official", "admin")


def visible_schools(user: User) -> Select:
    """Schools the user's organisation covers (for filters and pickers)."""
    query = select(Organisation).where(Organisation.kind == "school")
    kind = _org_kind(user)
    if kind == "city":
        return query.where(Organisation.parent_id == user.org_id)
    if kind == "school":
        return query.where(Organisation.id == user.org_id)
    if kind == "province":
        return query
    return query.where(false())


# 督办: who may follow deadlines. The role opens the dashboard; the organisation bounds it.
SUPERVISING_ROLES = frozenset({"supervisor", "provincial_official", "city_official", "admin"})


def may_supervise(user: User) -> bool:
    """Whether the user may open the supervision dashboard at all (others get 404)."""
    return user.role in SUPERVISING_ROLES and _org_kind(user) in ("province", "city")


def supervisable_filter(user: User):
    """Work items whose deadlines the user supervises: all at the province, a city its own."""
    if not may_supervise(user):
        return false()
    if _org_kind(user) == "city":
        return WorkItem.city_id == user.org_id
    return true()


def supervised_cities(user: User) -> Select:
    """The cities the user supervises (one bar each in the dashboard's chart)."""
    query = select(Organisation).where(Organisation.kind == "city")
    if not may_supervise(user):
        return query.where(false())
    if _org_kind(user) == "city":
        return query.where(Organisation.id == user.org_id)
    return query
