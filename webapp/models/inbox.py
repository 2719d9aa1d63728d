"""Named inbox queries: filtered, sorted and paginated work items for one user."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, or_
from sqlalchemy.orm import selectinload

from webapp.extensions import db

from .org import Organisation
from .paging import Page, paginate
from .process import ProcessDefinition, process_names
from .scope import actionable_items, done_items, filterable_cities, visible_schools
from .work_item import WorkItem

SORTS = {
    "due": (WorkItem.due_at.is_(None), WorkItem.due_at, WorkItem.id),
    "-due": (WorkItem.due_at.is_(None), WorkItem.due_at.desc(), WorkItem.id.desc()),
    "created": (WorkItem.created_at, WorkItem.id),
    "-created": (WorkItem.created_at.desc(), WorkItem.id.desc()),
    "name": (WorkItem.name, WorkItem.id),
    "-completed": (WorkItem.completed_at.desc(), WorkItem.id.desc()),
}


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
    loads = (
        selectinload(WorkItem.school),
        selectinload(WorkItem.city),
        selectinload(WorkItem.assignee),
    )
    return paginate(query.order_by(*order).options(*loads), page, size)


def inbox(user, f: InboxFilter, now: datetime, page: int = 1, size: int = 20) -> Page:
    """待办: what the user may act on now."""
    return _page(_apply(actionable_items(user), f, now), f, page, size, "due")


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
