"""Starting instances, reading them in scope, and delivering messages to them."""

from __future__ import annotations

from sqlalchemy import select

from webapp import audit, engine
from webapp.clock import Clock
from webapp.errors import NotAllowed, NotFound, RuleViolation
from webapp.extensions import db
from webapp.models import (
    Event,
    IssuedDocument,
    Organisation,
    ProcessDefinition,
    ProcessInstance,
    User,
    WorkItem,
)
from webapp.models.paging import Page, paginate
from webapp.models.process import latest_definition, latest_versions
from webapp.models.scope import covers, visible_documents, visible_instances
from webapp.services import process_hooks, runs

CANNOT_START = {"expert"}


def _school_for(user: User, school_code: str | None) -> Organisation | None:
    if user.org and user.org.kind == "school":
        if school_code and school_code != user.org.code:
            raise NotAllowed("学校用户只能为本校发起流程。")
        return user.org
    if not school_code:
        return None
    school = db.session.scalar(
        select(Organisation).where(Organisation.code == school_code, Organisation.kind == "school")
    )
    if school is None or not covers(user, school.id, school.parent_id):
        raise RuleViolation(
            "学校代码不存在或不在您的管辖范围内。", {"school": "请选择您管辖范围内的学校"}
        )
    return school


def _create(
    definition,
    run: engine.Run,
    school: Organisation | None,
    starter: User | None,
    clock: Clock,
    data: dict,
) -> ProcessInstance:
    now = clock.now()
    instance = ProcessInstance(
        definition=definition,
        process_key=definition.key,
        title=f"{definition.name}－{school.name}" if school else definition.name,
        school_id=school.id if school else None,
        city_id=school.parent_id if school else None,
        starter_id=starter.id if starter else None,
        status="running",
        state="",
        created_at=now,
        updated_at=now,
    )
    db.session.add(instance)
    db.session.flush()
    audit.record(
        "instance_started",
        clock,
        actor=starter,
        instance_id=instance.id,
        subject=f"instance:{instance.id}",
        after={"process": definition.key, "version": definition.version, "data": data},
    )
    runs.save(instance, run, clock, actor=starter)
    db.session.flush()
    return instance


def _run(definition, data: dict, clock: Clock) -> engine.Run:
    # The process's settings come first; what the caller gives cannot override them.
    return runs.start(
        definition.spec_json, {**data, **process_hooks.start_data(definition.key)}, clock
    )


def latest_processes() -> list[ProcessDefinition]:
    """The latest version of every process, by name: what 新建申请 offers."""
    return list(db.session.scalars(latest_versions().order_by(ProcessDefinition.name)))


def start(
    key: str,
    user: User,
    clock: Clock,
    school_code: str | None = None,
    *,
    process_data: dict | None = None,
) -> ProcessInstance:
    """Start the latest version of a process for a school (the user's own, or one they cover).

    `process_data` is the process's own starting data (a round's year and deadlines, say),
    given by the process's code, never by a user: users put data in through task forms.
    """
    if user.role in CANNOT_START:
        raise NotAllowed("您的角色不能发起流程。")
    definition = latest_definition(key)
    if definition is None:
        raise NotFound(f"流程“{key}”不存在或尚未部署。")
    school = _school_for(user, school_code)
    process_hooks.check_start(key, school)
    data = process_data or {}
    return _create(definition, _run(definition, data, clock), school, user, clock, data)


def start_scheduled(definition, clock: Clock) -> ProcessInstance:
    """A process whose start event is a timer: one instance per version, waiting for that timer."""
    return _create(definition, _run(definition, {}, clock), None, None, clock, {})


def get_visible(instance_id: int, user: User) -> ProcessInstance:
    """The instance if the user may see it; otherwise NotFound, which tells nothing about it."""
    instance = db.session.scalar(visible_instances(user).where(ProcessInstance.id == instance_id))
    if instance is None:
        raise NotFound("记录不存在或您无权查看。")
    return instance


def send_message(instance_id: int, name: str, payload: dict, user: User, clock: Clock) -> bool:
    """Deliver a message to an instance the user may see; False when nothing waits for it."""
    instance = get_visible(instance_id, user)
    if user.role in CANNOT_START:
        raise NotAllowed("您的角色不能向流程发送消息。")
    if instance.status != "running":
        raise RuleViolation("流程已结束，不能再接收消息。")
    run = runs.restore(instance, clock)
    try:
        delivered = run.send_message(name, payload)
    except engine.ScriptError as error:
        raise runs.script_failure(error) from error
    if not delivered:
        return False
    audit.record(
        "message_received",
        clock,
        actor=user,
        instance_id=instance.id,
        subject=f"message:{name}",
        after={"name": name, "data": payload},
    )
    runs.save(instance, run, clock, actor=user)
    return True


def open_items(instance: ProcessInstance) -> list[WorkItem]:
    return list(
        db.session.scalars(
            select(WorkItem)
            .where(WorkItem.instance_id == instance.id, WorkItem.status == "open")
            .order_by(WorkItem.id)
        )
    )


def history(instance: ProcessInstance) -> list[Event]:
    return list(
        db.session.scalars(
            select(Event).where(Event.chain == f"instance:{instance.id}").order_by(Event.seq)
        )
    )


def my_instances(user: User, page: int = 1, size: int = 20) -> Page:
    """Instances the user may see, newest first (我的申请 for a school, 流程查询 for officials)."""
    return paginate(visible_instances(user).order_by(ProcessInstance.id.desc()), page, size)


def issued_documents(user: User, page: int = 1, size: int = 20) -> Page:
    """Documents issued in the cases the user may see, newest first (文件)."""
    query = visible_documents(user).order_by(
        IssuedDocument.issued_at.desc(), IssuedDocument.id.desc()
    )
    return paginate(query, page, size)
