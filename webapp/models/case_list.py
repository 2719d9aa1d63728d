"""我的申请 / 流程查询: the cases a user may see, filtered, sorted and paged, each with where it
stands now (its open steps, who has them, the nearest due date).

One query reads the page of cases; one more reads the open steps of just those cases.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from sqlalchemy import Select, exists, func, or_, select
from sqlalchemy.orm import selectinload

from webapp.extensions import db
from webapp.local_time import local_zone

from .paging import Page, paginate
from .process import STATUSES, ProcessInstance
from .scope import visible_instances
from .work_item import LANE_LABELS, WorkItem

# Cases that have no open step sort after those that have one when sorting by due date.
_NEXT_DUE = (
    select(func.min(WorkItem.due_at))
    .where(WorkItem.instance_id == ProcessInstance.id, WorkItem.status == "open")
    .correlate(ProcessInstance)
    .scalar_subquery()
)

SORTS = {
    "-started": (ProcessInstance.created_at.desc(), ProcessInstance.id.desc()),
    "started": (ProcessInstance.created_at, ProcessInstance.id),
    "-updated": (ProcessInstance.updated_at.desc(), ProcessInstance.id.desc()),
    "updated": (ProcessInstance.updated_at, ProcessInstance.id),
    "due": (_NEXT_DUE.is_(None), _NEXT_DUE, ProcessInstance.id),
    "-due": (_NEXT_DUE.is_(None), _NEXT_DUE.desc(), ProcessInstance.id.desc()),
    "title": (ProcessInstance.title, ProcessInstance.id),
    "-title": (ProcessInstance.title.desc(), ProcessInstance.id.desc()),
}
SORT_LABELS = {
    "-started": "发起时间（新→旧）",
    "started": "发起时间（旧→新）",
    "-updated": "最近更新（新→旧）",
    "updated": "最近更新（旧→新）",
    "due": "截止日期（近→远）",
    "-due": "截止日期（远→近）",
    "title": "事项（A→Z）",
    "-title": "事项（Z→A）",
}
DEFAULT_SORT = "-started"
CHUNK = 500  # ids per IN (...) when reading the open steps of many cases


@dataclass
class CaseFilter:
    process: str | None = None
    status: str | None = None
    school_id: int | None = None
    city_id: int | None = None
    started_from: date | None = None
    started_to: date | None = None
    overdue: bool = False
    text: str | None = None
    sort: str = DEFAULT_SORT


@dataclass
class CaseRow:
    """A case and where it stands: its open steps (with who has each) and the nearest due date."""

    instance: ProcessInstance
    steps: list[WorkItem] = field(default_factory=list)

    @property
    def next_due(self) -> datetime | None:
        dues = [item.due_at for item in self.steps if item.due_at is not None]
        return min(dues) if dues else None

    @property
    def summary(self) -> list[StepSummary]:
        """The open steps, parallel copies of one step (one per student, say) as one line."""
        lines: dict[str, StepSummary] = {}
        for item in self.steps:
            line = lines.get(item.spec_id)
            if line is None:
                lines[item.spec_id] = StepSummary(item.name, holder(item), item.due_at)
            else:
                line.count += 1
                line.name = line.name.split("：")[0]
        return list(lines.values())


@dataclass
class StepSummary:
    name: str
    holder: str
    due_at: datetime | None
    count: int = 1

    @property
    def text(self) -> str:
        return f"{self.name}（{self.count} 项）" if self.count > 1 else self.name


def holder(item: WorkItem) -> str:
    """Who has the step now, in words: the person who claimed it, else the office."""
    if item.assignee is not None:
        return item.assignee.label
    if item.candidate_user_id is not None:
        return "指定人员"
    if item.role == "school_staff" and item.school is not None:
        return item.school.name
    if item.role == "city_official" and item.city is not None:
        return item.city.name
    return LANE_LABELS.get(item.lane or "", item.lane or "")


def _day_start(day: date) -> datetime:
    return datetime.combine(day, time.min, local_zone())


def _open_steps_where(*conditions) -> Select:
    return select(WorkItem.id).where(
        WorkItem.instance_id == ProcessInstance.id, WorkItem.status == "open", *conditions
    )


def filtered(user, f: CaseFilter, now: datetime) -> Select:
    """The user's visible cases that pass the filter (unordered)."""
    query = visible_instances(user)
    if f.process:
        query = query.where(ProcessInstance.process_key == f.process)
    if f.status in STATUSES:
        query = query.where(ProcessInstance.status == f.status)
    if f.school_id:
        query = query.where(ProcessInstance.school_id == f.school_id)
    if f.city_id:
        query = query.where(ProcessInstance.city_id == f.city_id)
    if f.started_from:
        query = query.where(ProcessInstance.created_at >= _day_start(f.started_from))
    if f.started_to:
        query = query.where(ProcessInstance.created_at < _day_start(f.started_to + timedelta(1)))
    if f.overdue:
        query = query.where(exists(_open_steps_where(WorkItem.due_at < now)))
    if f.text:
        pattern = f"%{f.text.strip()}%"
        query = query.where(
            or_(ProcessInstance.title.ilike(pattern), ProcessInstance.business_key.ilike(pattern))
        )
    return query


def _ordered(query: Select, f: CaseFilter) -> Select:
    order = SORTS.get(f.sort) or SORTS[DEFAULT_SORT]
    return query.order_by(*order).options(
        selectinload(ProcessInstance.school), selectinload(ProcessInstance.city)
    )


def _with_steps(instances: list[ProcessInstance]) -> list[CaseRow]:
    rows = {instance.id: CaseRow(instance) for instance in instances}
    ids = list(rows)
    for start in range(0, len(ids), CHUNK):
        steps = db.session.scalars(
            select(WorkItem)
            .where(WorkItem.instance_id.in_(ids[start : start + CHUNK]), WorkItem.status == "open")
            .options(
                selectinload(WorkItem.assignee),
                selectinload(WorkItem.school),
                selectinload(WorkItem.city),
            )
            .order_by(WorkItem.due_at.is_(None), WorkItem.due_at, WorkItem.id)
        )
        for step in steps:
            rows[step.instance_id].steps.append(step)
    return list(rows.values())


def cases(user, f: CaseFilter, now: datetime, page: int = 1, size: int = 20) -> Page:
    """One page of CaseRows."""
    found = paginate(_ordered(filtered(user, f, now), f), page, size, clamp=True)
    found.items = _with_steps(found.items)
    return found


def all_cases(user, f: CaseFilter, now: datetime, limit: int) -> list[CaseRow]:
    """Up to `limit` CaseRows in the page's order (the export)."""
    query = _ordered(filtered(user, f, now), f).limit(limit)
    return _with_steps(list(db.session.scalars(query)))
