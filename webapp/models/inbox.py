"""Named inbox queries: filtered, sorted and paginated work items for one user.

待办 is read as one UNION ALL branch per way of being a candidate (`scope.actionable_ways`):
each branch reads its own partial index over open items in the page's order and stops after
the rows the page needs, so a page costs about the same with ten items in scope or a million.
The count stops at COUNT_CAP (the page then says "1000+").
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, func, or_, select, union_all
from sqlalchemy.orm import joinedload

from webapp.extensions import db

from .org import Organisation
from .paging import Page, offset, paginate
from .process import ProcessDefinition, process_names
from .scope import actionable_ways, done_items, filterable_cities, visible_schools
from .work_item import IS_OPEN, WorkItem

SORTS = {
    "due": (WorkItem.due_at.is_(None), WorkItem.due_at, WorkItem.id),
    "-due": (WorkItem.due_at.is_(None), WorkItem.due_at.desc(), WorkItem.id.desc()),
    "created": (WorkItem.created_at, WorkItem.id),
    "-created": (WorkItem.created_at.desc(), WorkItem.id.desc()),
    "name": (WorkItem.name, WorkItem.id),
    "-completed": (WorkItem.completed_at.desc(), WorkItem.id.desc()),
}


# Sorts whose key may be NULL are read as two segments per branch (set, then unset), each in
# index order; the outer query orders the union by the full key.
SEGMENTS = {
    # The unset segment is ordered by (due_at, id) too, all NULL: that is the index's order, so
    # the planner reads it there instead of walking the primary key.
    "due": [
        (WorkItem.due_at.is_not(None), (WorkItem.due_at, WorkItem.id)),
        (WorkItem.due_at.is_(None), (WorkItem.due_at, WorkItem.id)),
    ],
    "-due": [
        (WorkItem.due_at.is_not(None), (WorkItem.due_at.desc(), WorkItem.id.desc())),
        (WorkItem.due_at.is_(None), (WorkItem.due_at.desc(), WorkItem.id.desc())),
    ],
}
COUNT_CAP = 1000
# Many-to-one: joined into the page's own query instead of one more query each.
LOADS = (joinedload(WorkItem.school), joinedload(WorkItem.city), joinedload(WorkItem.assignee))


@dataclass
class InboxFilter:
    process: str | None = None
    school_id: int | None = None
    city_id: int | None = None
    overdue: bool = False
    due_before: datetime | None = None
    text: str | None = None
    sort: str = "due"


def _apply(query: Select, f: InboxFilter, now: datetime) -> Select:
    if f.process:
        query = query.where(WorkItem.process_key == f.process)
    if f.school_id:
        query = query.where(WorkItem.school_id == f.school_id)
    if f.city_id:
        query = query.where(WorkItem.city_id == f.city_id)
    if f.overdue:
        query = query.where(WorkItem.due_at < now)
    if f.due_before:
        query = query.where(WorkItem.due_at < f.due_before)
    if f.text:
        pattern = f"%{f.text.strip()}%"
        query = query.where(or_(WorkItem.title.ilike(pattern), WorkItem.name.ilike(pattern)))
    return query


def _page(query: Select, f: InboxFilter, page: int, size: int, default_sort: str) -> Page:
    order = SORTS.get(f.sort) or SORTS[default_sort]
    return paginate(query.order_by(*order).options(*LOADS), page, size, cap=COUNT_CAP)


def _branches(user, f: InboxFilter, now: datetime) -> list[Select]:
    """One id query per way of being a candidate, filtered; disjoint, so they add up."""
    return [
        _apply(select(WorkItem.id).where(IS_OPEN, way), f, now) for way in actionable_ways(user)
    ]


def inbox(user, f: InboxFilter, now: datetime, page: int = 1, size: int = 20) -> Page:
    """待办: what the user may act on now."""
    sort = f.sort if f.sort in SORTS else "due"
    branches = _branches(user, f, now)
    total, capped = _capped_total(branches)
    wanted = offset(page, size) + size
    parts = []
    for branch in branches:
        for condition, order in SEGMENTS.get(sort, [(None, SORTS[sort])]):
            segment = branch if condition is None else branch.where(condition)
            parts.append(select(segment.order_by(*order).limit(wanted).subquery()))
    ids = union_all(*parts).subquery()
    rows = db.session.scalars(
        select(WorkItem)
        .join(ids, WorkItem.id == ids.c.id)
        .order_by(*SORTS[sort])
        .limit(size)
        .offset(offset(page, size))
        .options(*LOADS)
    ).all()
    return Page(list(rows), total, page, size, capped)


def inbox_count(user, f: InboxFilter, now: datetime) -> tuple[int, bool]:
    """How many items 待办 lists, counting no further than COUNT_CAP: (count, whether more)."""
    return _capped_total(_branches(user, f, now))


def _capped_total(branches: list[Select]) -> tuple[int, bool]:
    # In index order, so each branch stops at the cap instead of joining other indexes first.
    parts = [
        select(branch.order_by(WorkItem.due_at, WorkItem.id).limit(COUNT_CAP + 1).subquery())
        for branch in branches
    ]
    counted = db.session.scalar(select(func.count()).select_from(union_all(*parts).subquery()))
    return min(counted or 0, COUNT_CAP), (counted or 0) > COUNT_CAP


def archive(user, f: InboxFilter, now: datetime, page: int = 1, size: int = 20) -> Page:
    """已办: what the user completed, newest first."""
    f.overdue = False
    return _page(_apply(done_items(user), f, now), f, page, size, "-completed")


def filter_choices(user) -> dict:
    """What the inbox's filters offer: processes by key (latest names), schools and cities."""
    names = process_names().order_by(ProcessDefinition.key)
    return {
        "processes": dict(db.session.execute(names).all()),
        "schools": list(db.session.scalars(visible_schools(user).order_by(Organisation.code))),
        "cities": list(db.session.scalars(filterable_cities(user).order_by(Organisation.code))),
    }
