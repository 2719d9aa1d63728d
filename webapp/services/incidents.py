"""失败任务 of the engine: cases that stopped at an element on their data, and retrying one."""

from __future__ import annotations

from sqlalchemy import select

from webapp import audit, engine
from webapp.clock import Clock
from webapp.errors import Conflict, NotFound, RuleViolation
from webapp.extensions import db
from webapp.models import Event, ProcessInstance, User
from webapp.services import runs


def open_incidents(limit: int = 200) -> list[tuple[ProcessInstance, Event]]:
    """Running cases whose last step failed at an element, with the event that says where."""
    failed = db.session.scalars(
        select(ProcessInstance)
        .where(ProcessInstance.status == "running", ProcessInstance.error.is_not(None))
        .order_by(ProcessInstance.updated_at.desc())
        .limit(limit)
    )
    found = [(instance, latest_incident(instance)) for instance in failed]
    return [(instance, event) for instance, event in found if event is not None]


def latest_incident(instance: ProcessInstance) -> Event | None:
    return db.session.scalar(
        select(Event)
        .where(Event.chain == f"instance:{instance.id}", Event.action == runs.INCIDENT_EVENT)
        .order_by(Event.seq.desc())
        .limit(1)
    )


def retry(instance_id: int, user: User, clock: Clock, data: dict | None = None) -> ProcessInstance:
    """Run the failed element again, with `data` (the administrator's fix) merged into it."""
    instance = db.session.get(ProcessInstance, instance_id)
    if instance is None:
        raise NotFound("该流程实例不存在。")
    event = latest_incident(instance) if instance.error else None
    if instance.status != "running" or event is None:
        raise Conflict("该流程当前没有执行失败的环节，无需重试。")
    run = runs.restore(instance, clock)
    try:
        run.retry(event.after["task_id"], data or {})
    except engine.TaskNotReady as error:
        raise Conflict("出错的环节已不存在（流程可能已被处理），无需重试。") from error
    except engine.ScriptError as error:
        raise RuleViolation(
            f"重试仍然失败（元素 {error.element}）：{error.message}。请修正数据后再试。"
        ) from error
    before = {"error": instance.error}
    instance.error = None
    audit.record(
        "instance_retried",
        clock,
        actor=user,
        instance_id=instance.id,
        subject=f"instance:{instance.id}",
        before=before,
        after={"element": event.after["element"], "data": data or {}},
    )
    runs.save(instance, run, clock, actor=user)
    return instance
