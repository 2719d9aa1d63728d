"""Keeping the inbox (work_item rows) in step with the engine after every step."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from webapp import engine
from webapp.clock import Clock
from webapp.extensions import db
from webapp.local_time import local_date
from webapp.models import LANE_ROLES, Organisation, ProcessInstance, WorkItem
from webapp.services import drafts, missed
from webapp.services.durations import parse_duration
from webapp.services.provisional import as_instant, basis_for
from webapp.workdays.script_functions import WorkdayFunctions


def due_of(task: engine.ReadyTask, now: datetime, functions: WorkdayFunctions) -> datetime | None:
    """A task's due date from its diagram properties.

    dueIn: an ISO duration from now (P5D); dueInWorkingDays: N working days after today, to the
    end of that day; dueFrom: the name of a data field holding an ISO date or datetime;
    dueInFrom: the name of a data field holding an ISO duration.
    """
    props = task.properties
    if props.get("dueIn"):
        return now + parse_duration(props["dueIn"])
    days = props.get("dueInWorkingDays")
    if props.get("dueInWorkingDaysFrom"):
        days = task.data.get(props["dueInWorkingDaysFrom"])
    if days:
        today = local_date(now).isoformat()
        return as_instant(functions["working_day_deadline"](today, int(days)))
    if props.get("dueFrom"):
        return as_instant(task.data.get(props["dueFrom"]))
    if props.get("dueInFrom"):  # a data field holding a duration (a setting, e.g. P7D)
        return now + parse_duration(str(task.data.get(props["dueInFrom"], "")))
    return None


def _item_name(task: engine.ReadyTask) -> str:
    """Parallel copies of one task are told apart by a data value (property labelFrom, a dotted
    path such as student.name) or else by their position."""
    path = task.properties.get("labelFrom")
    if path:
        value = task.data
        for part in path.split("."):
            value = value.get(part) if isinstance(value, dict) else None
        if value not in (None, ""):
            return f"{task.name}：{value}"[:200]
    if task.multi_instance_index is None:
        return task.name
    return f"{task.name}（第 {task.multi_instance_index + 1} 项）"


def lane_of(task: engine.ReadyTask) -> str | None:
    """The diagram's lane, or a task property `lane` (tasks inside an embedded subprocess), or
    `laneFrom`: the name of a data field holding the lane, for a step that goes to whichever
    office the case's data names (the city or the province, as the case was started by). A
    value that names no known lane is ignored, so a missing field falls back to the diagram."""
    field = task.properties.get("laneFrom")
    value = task.data.get(field) if field else None
    if isinstance(value, str) and value in LANE_ROLES:
        return value
    return task.properties.get("lane") or task.lane


def scope_of(instance: ProcessInstance, task: engine.ReadyTask) -> tuple[int | None, int | None]:
    """The (school, city) a task is for: the case's, or another school's and its city when the
    task names a data field holding that school's id (property schoolFrom: a step for a second
    school named in the case, and for that school's city)."""
    value = task.data.get(task.properties.get("schoolFrom") or "")
    if isinstance(value, int) and not isinstance(value, bool):
        other = db.session.get(Organisation, value)
        if other is not None and other.kind == "school":
            return other.id, other.parent_id
    return instance.school_id, instance.city_id


def _new_item(
    instance: ProcessInstance, task: engine.ReadyTask, clock: Clock, functions: WorkdayFunctions
) -> WorkItem:
    now = clock.now()
    lane = lane_of(task)
    role = LANE_ROLES.get(lane or "")
    due_at = due_of(task, now, functions)
    school_id, city_id = scope_of(instance, task)
    basis = basis_for(due_at, functions.usage) if due_at else None
    return WorkItem(
        instance_id=instance.id,
        task_id=task.id,
        spec_id=task.spec_id,
        name=_item_name(task),
        process_key=task.process_key,
        form_key=task.properties.get("formKey") or task.spec_id,
        lane=lane,
        role=role,
        school_id=school_id,
        city_id=city_id,
        # A task in no known lane (or the "starter" lane) goes to whoever started the instance.
        candidate_user_id=None if role else instance.starter_id,
        status="open",
        due_at=due_at,
        due_provisional=basis is not None,
        due_basis=basis,
        created_at=now,
        title=instance.title,
    )


def sync(
    instance: ProcessInstance, run: engine.Run, clock: Clock, functions: WorkdayFunctions
) -> list[tuple[WorkItem, engine.ReadyTask]]:
    """Open a row for each newly ready user task; cancel rows whose task is no longer ready."""
    ready = {task.id: task for task in run.ready_user_tasks()}
    open_items = db.session.scalars(
        select(WorkItem).where(WorkItem.instance_id == instance.id, WorkItem.status == "open")
    ).all()
    known = {item.task_id for item in open_items}
    for item in open_items:
        if item.task_id not in ready:
            item.completed_at = clock.now()
            if missed.is_missed(item, clock):  # its deadline passed, then a timer took it away
                missed.record(item, instance, clock)
            else:
                item.status = "cancelled"
            drafts.discard_all(drafts.task_slot(item.id))  # nobody will send that form now
    created = [
        (_new_item(instance, task, clock, functions), task)
        for tid, task in ready.items()
        if tid not in known
    ]
    db.session.add_all(item for item, _task in created)
    return created


def announced(item: WorkItem, task: engine.ReadyTask) -> bool:
    """Whether a new item is announced to its candidates (新待办): always, unless the task says
    `announce` "never", or "once" — a standing register step that reopens after each entry is
    announced the first time only."""
    how = task.properties.get("announce", "always")
    if how == "never":
        return False
    if how != "once":
        return True
    earlier = select(WorkItem.id).where(
        WorkItem.instance_id == item.instance_id,
        WorkItem.spec_id == item.spec_id,
        WorkItem.id != item.id,
    )
    return db.session.scalar(earlier.limit(1)) is None
