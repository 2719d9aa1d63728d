"""Named queries for the 督办 dashboard: open deadlines in a user's scope, their summary and
overdue counts by city.

A deadline here is an OPEN work item with a due date: a step someone is held to finish by a date.
Pending engine timers (`deadline` rows of kind "timer") with no user task behind them are not
shown: nobody can act on them, and they fire by themselves.

The page, its Excel export and the JSON API all build their rows with `deadlines()`, so they show
the same rows in the same order. Every query goes through `scope.supervisable_filter`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from functools import cached_property
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from sqlalchemy import Select, case, func, select
from sqlalchemy.orm import aliased

from webapp.extensions import db

from .org import Organisation
from .paging import Page, offset, within
from .process import process_names
from .scope import supervisable_filter, supervised_cities
from .work_item import WorkItem

if TYPE_CHECKING:  # a pure calculation handed in by the caller; models import nothing above
    from webapp.workdays.calendar import WorkdayCalendar

SOON_WORKING_DAYS = 3
STATES = {"all": "全部", "overdue": "已逾期", "soon": "即将到期"}
STATE_LABELS = {"overdue": "已逾期", "soon": "即将到期", "normal": "正常"}
# Filter values; '' (no escalation yet) is asked for as "none" so that "" can mean "any".
ESCALATION_FILTERS = {"none": "未催办", "reminded": "已提醒", "overdue": "已逾期通知"}
ESCALATION_LABELS = {"": "未催办", "reminded": "已提醒", "overdue": "已逾期通知"}
PARTY_LABELS = {
    "school": "学校",
    "city": "市教育局",
    "province": "省教育厅",
    "supervisor": "督导",
    "expert": "专家",
}
STARTER_LABEL = "发起人"  # a task in no known lane goes to whoever started the instance

SHOWN = ("open", "missed")  # open steps, and steps a timer took away after their deadline
School = aliased(Organisation, name="school_org")
Now = aliased(WorkItem, name="now_open")
City = aliased(Organisation, name="city_org")

# Working days left rise with the due date, so sorting by them is the due-date order.
SORTS = {
    "due": (WorkItem.due_at, WorkItem.id),
    "-due": (WorkItem.due_at.desc(), WorkItem.id.desc()),
    "left": (WorkItem.due_at, WorkItem.id),
    "-left": (WorkItem.due_at.desc(), WorkItem.id.desc()),
    # Official codes group schools by city; missing ones sort last in either direction.
    "school": (School.code.is_(None), School.code, WorkItem.due_at, WorkItem.id),
    "-school": (School.code.is_(None), School.code.desc(), WorkItem.due_at, WorkItem.id),
    "city": (City.code.is_(None), City.code, School.code, WorkItem.due_at, WorkItem.id),
    "-city": (City.code.is_(None), City.code.desc(), School.code, WorkItem.due_at, WorkItem.id),
}


@dataclass(frozen=True)
class Today:
    """`now` as the dashboard measures it: a local date counted on the working-day calendar."""

    now: datetime
    zone: ZoneInfo
    calendar: WorkdayCalendar

    @cached_property
    def date(self) -> date:
        return self.now.astimezone(self.zone).date()

    def local_date(self, moment: datetime) -> date:
        return moment.astimezone(self.zone).date()

    def working_days_left(self, due: datetime) -> int:
        """Working days from today to the due date's local date; negative once past it."""
        return self.calendar.working_days_between(self.date, self.local_date(due))

    @cached_property
    def soon_before(self) -> datetime:
        """Items due before this instant have at most SOON_WORKING_DAYS working days left."""
        day = self.calendar.add_working_days(self.date, SOON_WORKING_DAYS + 1)
        return datetime.combine(day, time.min, self.zone)

    def state(self, due: datetime) -> str:
        if due < self.now:
            return "overdue"
        return "soon" if due < self.soon_before else "normal"


@dataclass
class DeadlineFilter:
    process: str | None = None
    city_id: int | None = None
    school_id: int | None = None
    state: str = "all"
    escalation: str | None = None
    text: str | None = None
    sort: str = "due"


@dataclass(frozen=True)
class DeadlineRow:
    """One line of the dashboard, the export and the API."""

    id: int
    instance_id: int
    process_key: str
    process_name: str
    title: str
    task_name: str
    city: str
    school: str
    lane: str | None
    due_at: datetime
    due_date: date
    provisional: bool
    working_days_left: int
    state: str
    escalation: str
    # A step a timer took away after its deadline (services/missed.py): where the case is now,
    # its next deadline, and its process's note for the supervisors (filled in by the caller).
    missed: bool = False
    now_step: str = ""
    next_due: date | None = None
    note: str = ""

    @property
    def party_label(self) -> str:
        return PARTY_LABELS.get(self.lane or "", STARTER_LABEL)

    @property
    def state_label(self) -> str:
        return STATE_LABELS[self.state]

    @property
    def escalation_label(self) -> str:
        return ESCALATION_LABELS.get(self.escalation, self.escalation)

    @property
    def due_text(self) -> str:
        return self.due_date.isoformat() + ("（暂定）" if self.provisional else "")


@dataclass(frozen=True)
class Summary:
    total: int
    overdue: int
    soon: int


def _joined(query: Select) -> Select:
    return (
        query.select_from(WorkItem)
        .outerjoin(School, School.id == WorkItem.school_id)
        .outerjoin(City, City.id == WorkItem.city_id)
    )


def _like(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _conditions(user, f: DeadlineFilter, today: Today, *, state=True, city=True) -> list:
    """The WHERE of every query here; `state`/`city` False leave that filter out."""
    found = [WorkItem.status.in_(SHOWN), WorkItem.due_at.is_not(None), supervisable_filter(user)]
    if f.process:
        found.append(WorkItem.process_key == f.process)
    if city and f.city_id:
        found.append(WorkItem.city_id == f.city_id)
    if f.school_id:
        found.append(WorkItem.school_id == f.school_id)
    if f.escalation:
        found.append(WorkItem.escalation == ("" if f.escalation == "none" else f.escalation))
    if f.text:
        pattern = _like(f.text)
        found.append(
            WorkItem.title.ilike(pattern, escape="\\") | School.name.ilike(pattern, escape="\\")
        )
    if state and f.state == "overdue":
        found.append(WorkItem.due_at < today.now)
    if state and f.state == "soon":
        found.append((WorkItem.due_at >= today.now) & (WorkItem.due_at < today.soon_before))
    return found


def _for_missed(value):
    """`value` over the case's open steps, read only for a missed row (one in a thousand)."""
    now = (
        select(value)
        .where(Now.instance_id == WorkItem.instance_id, Now.status == "open")
        .correlate(WorkItem)
        .scalar_subquery()
    )
    return case((WorkItem.status == "missed", now), else_=None)


def deadlines(user, f: DeadlineFilter, today: Today) -> Select:
    """Open deadlines the user supervises, filtered and sorted: the dashboard's rows."""
    names = process_names().subquery("process_names")
    query = select(
        WorkItem.id,
        WorkItem.instance_id,
        WorkItem.process_key,
        func.coalesce(names.c.name, WorkItem.process_key).label("process_name"),
        WorkItem.title,
        WorkItem.name.label("task_name"),
        WorkItem.lane,
        WorkItem.due_at,
        WorkItem.escalation,
        WorkItem.due_provisional.label("provisional"),
        School.name.label("school_name"),
        City.name.label("city_name"),
        WorkItem.status,
        _for_missed(func.min(Now.name)).label("now_step"),
        _for_missed(func.min(Now.due_at)).label("next_due"),
    )
    query = _joined(query).outerjoin(names, names.c.key == WorkItem.process_key)
    return query.where(*_conditions(user, f, today)).order_by(*SORTS.get(f.sort, SORTS["due"]))


def summary(user, f: DeadlineFilter, today: Today) -> Select:
    """One row (total, overdue, soon) over the filtered deadlines, whatever state is asked for."""
    overdue = WorkItem.due_at < today.now
    soon = (WorkItem.due_at >= today.now) & (WorkItem.due_at < today.soon_before)
    query = select(
        func.count().label("total"),
        func.coalesce(func.sum(case((overdue, 1), else_=0)), 0).label("overdue"),
        func.coalesce(func.sum(case((soon, 1), else_=0)), 0).label("soon"),
    )
    return _joined(query).where(*_conditions(user, f, today, state=False))


def overdue_by_city(user, f: DeadlineFilter, today: Today) -> Select:
    """(city_id, count) of overdue deadlines, under every filter but city and state."""
    query = select(WorkItem.city_id, func.count().label("overdue"))
    conditions = _conditions(user, f, today, state=False, city=False)
    return _joined(query).where(*conditions, WorkItem.due_at < today.now).group_by(WorkItem.city_id)


def to_row(row, today: Today) -> DeadlineRow:
    """A DeadlineRow from one result row of `deadlines()`."""
    return DeadlineRow(
        id=row.id,
        instance_id=row.instance_id,
        process_key=row.process_key,
        process_name=row.process_name,
        title=row.title,
        task_name=row.task_name,
        city=row.city_name or "",
        school=row.school_name or "",
        lane=row.lane,
        due_at=row.due_at,
        due_date=today.local_date(row.due_at),
        provisional=bool(row.provisional),
        working_days_left=today.working_days_left(row.due_at),
        state=today.state(row.due_at),
        escalation=row.escalation or "",
        missed=row.status == "missed",
        now_step=row.now_step or "",
        next_due=today.local_date(row.next_due) if row.next_due else None,
    )


def read_summary(user, f: DeadlineFilter, today: Today) -> Summary:
    row = db.session.execute(summary(user, f, today)).one()
    return Summary(int(row.total), int(row.overdue), int(row.soon))


def read_rows(
    user, f: DeadlineFilter, today: Today, limit: int, offset: int = 0
) -> list[DeadlineRow]:
    result = db.session.execute(deadlines(user, f, today).limit(limit).offset(offset))
    return [to_row(row, today) for row in result]


def count_of(f: DeadlineFilter, totals: Summary) -> int:
    """How many rows `deadlines()` returns: the summary ignores state, and a state is a part."""
    return {"overdue": totals.overdue, "soon": totals.soon}.get(f.state, totals.total)


def read_page(user, f: DeadlineFilter, today: Today, page: int, size: int) -> tuple[Page, Summary]:
    """One page of rows (a page past the end shows the last) and the summary of all of them."""
    totals = read_summary(user, f, today)
    total = count_of(f, totals)
    page = within(page, total, size)
    rows = read_rows(user, f, today, size, offset(page, size)) if total else []
    return Page(rows, total, page, size), totals


def overdue_bars(user, f: DeadlineFilter, today: Today) -> list[tuple[str, int]]:
    """(city name, overdue count) for every city the user supervises, in code order.

    Items with no city (started above city level) get their own bar, and only when there are some.
    """
    counts = dict(db.session.execute(overdue_by_city(user, f, today)).all())
    cities = db.session.scalars(supervised_cities(user).order_by(Organisation.code)).all()
    bars = [(city.name, counts.pop(city.id, 0)) for city in cities]
    if counts.get(None):
        bars.append(("未归属城市", counts[None]))
    return bars
