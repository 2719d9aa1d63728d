"""Keeping the inbox (work_item rows) in step with the engine after every step."""

from __future__ import annotations

from sqlalchemy import select

from webapp import engine
from webapp.clock import Clock
from webapp.extensions import db
from webapp.models import LANE_ROLES, ProcessInstance, WorkItem
from webapp.services.durations import parse_duration


def _new_item(instance: ProcessInstance, task: engine.ReadyTask, clock: Clock) -> WorkItem:
    now = clock.now()
    due_in = task.properties.get("dueIn")
    role = LANE_ROLES.get(task.lane or "")
    return WorkItem(
        instance_id=instance.id,
        task_id=task.id,
        spec_id=task.spec_id,
        name=_item_name(task),
        process_key=task.process_key,
        form_key=task.properties.get("formKey") or task.spec_id,
        lane=task.lane,
        role=role,
        school_id=instance.school_id,
        city_id=instance.city_id,
        # A task in no known lane (or the "starter" lane) goes to whoever started the instance.
        candidate_user_id=None if role else instance.starter_id,
        status="open",
        due_at=now + parse_duration(due_in) if due_in else None,
        created_at=now,
        title=instance.title,
    )


def _item_name(task: engine.ReadyTask) -> str:
    """Parallel copies of one task are told apart in the inbox by their position."""
    if task.multi_instance_index is None:
        return task.name
    return f"{task.name}（第 {task.multi_instance_index + 1} 项）"


def sync(
    instance: ProcessInstance, run: engine.Run, clock: Clock
) -> list[tuple[WorkItem, engine.ReadyTask]]:
    """Open a row for each newly ready user task; cancel rows whose task is no longer ready."""
    ready = {task.id: task for task in run.ready_user_tasks()}
    open_items = db.session.scalars(
        select(WorkItem).where(WorkItem.instance_id == instance.id, WorkItem.status == "open")
    ).all()
    known = {item.task_id for item in open_items}
    for item in open_items:
        if item.task_id not in ready:
            item.status = "cancelled"
            item.completed_at = clock.now()
    created = [
        (_new_item(instance, task, clock), task) for tid, task in ready.items() if tid not in known
    ]
    db.session.add_all(item for item, _task in created)
    return created
