"""Starting instances, reading them in scope, and delivering messages to them."""

from __future__ import annotations

from flask import current_app
from sqlalchemy import select

from webapp import audit, engine
from webapp.clock import Clock
from webapp.errors import NotAllowed, NotFound, RuleViolation
from webapp.extensions import db
from webapp.local_time import local_date
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
from webapp.models.scope import (
    acts_for_province,
    covers,
    visible_documents,
    visible_instances,
)
from webapp.models.user import ROLES
from webapp.services import case_keys, process_hooks, runs
from webapp.taskforms import FormDef, load_form, undeclared_keys, validate

CANNOT_START = {"expert"}
# A process may ask for data when it starts: forms/<key>/start.json (no file fields).
START_FORM = "start"


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
    title = process_hooks.case_title(definition.key, run.data, school)
    if not title:
        title = f"{definition.name}－{school.name}" if school else definition.name
    instance = ProcessInstance(
        definition=definition,
        process_key=definition.key,
        title=title[:300],
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
    instance.business_key = case_keys.business_key(instance)
    instance.title = case_keys.titled(title, instance.business_key)
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


def _run(definition, data: dict, school: Organisation | None, clock: Clock) -> engine.Run:
    # The process's own data (settings, what it derives) wins over what the caller gives.
    owned = process_hooks.start_data(definition.key, data, school)
    return runs.start(runs.spec_json_of(definition), {**data, **owned}, clock)


def start_form(key: str) -> FormDef | None:
    """The form a process asks to be filled when it starts, if it has one."""
    return load_form(current_app.config["FORMS_DIR"], key, START_FORM)


def _checked_start_data(
    key: str, data: dict | None, school: Organisation | None, clock: Clock
) -> dict:
    """What a person gives at the start: only a start form's fields, valid by its schema and the
    process's rules; a process without a start form takes nothing."""
    form = start_form(key)
    if form is None:
        if data:
            raise RuleViolation(
                "该流程发起时不填写数据；发起后请在第一个任务的表单中填写。",
                {"data": "应省略或为空对象"},
            )
        return {}
    data = data or {}
    extra = undeclared_keys(form, data)
    if extra:
        raise RuleViolation(
            f"发起数据中有表单“{form.title}”没有的字段：{'、'.join(extra[:20])}。",
            dict.fromkeys(extra, "表单中没有该字段"),
        )
    errors = validate(form, data)
    if process_hooks.has_rules(key, START_FORM):
        # One pass: the rules run even when the schema check failed (all problems at once).
        today = local_date(clock.now())
        context = process_hooks.rule_context(key, today, school, None)
        errors = process_hooks.all_errors(key, START_FORM, form, data, errors, today, context)
    if errors:
        raise RuleViolation("发起表单填写有误，请按提示修改。", errors)
    return data


def latest_processes(user: User | None = None) -> list[ProcessDefinition]:
    """The latest version of every process people (this user, if given) may start, by name:
    what 新建申请 offers."""
    found = db.session.scalars(latest_versions().order_by(ProcessDefinition.name))
    return [
        d
        for d in found
        if not process_hooks.started_by_process(d.key) and (user is None or may_start(d.key, user))
    ]


def _role_names(roles: tuple[str, ...]) -> str:
    return "、".join(ROLES.get(role, role) for role in roles)


def why_not_start(key: str, user: User) -> str | None:
    """Why the user may not start the process (None: they may)."""
    if user.role in CANNOT_START:
        return "您的角色不能发起流程。"
    if process_hooks.started_by_process(key):
        return process_hooks.started_by_process(key)
    roles = process_hooks.start_roles(key)
    if roles and user.role not in roles:
        definition = latest_definition(key)
        name = definition.name if definition else key
        return f"“{name}”只能由{_role_names(roles)}发起。"
    return None


def may_start(key: str, user: User) -> bool:
    """Whether the user may start the process from 新建申请."""
    return why_not_start(key, user) is None


def start(
    key: str,
    user: User,
    clock: Clock,
    school_code: str | None = None,
    *,
    data: dict | None = None,
    process_data: dict | None = None,
) -> ProcessInstance:
    """Start the latest version of a process for a school (the user's own, or one they cover).

    `data` is what the user gives: only a process with a start form takes any, checked like a
    task's form. `process_data` is the process's own starting data (a round's year and
    deadlines, say), given by the process's code, never by a user; it skips the start form.
    """
    if user.role in CANNOT_START:
        raise NotAllowed("您的角色不能发起流程。")
    definition = latest_definition(key)
    if definition is None:
        raise NotFound(f"流程“{key}”不存在或尚未部署。")
    if process_data is None and process_hooks.started_by_process(key):
        raise RuleViolation(process_hooks.started_by_process(key))
    roles = process_hooks.start_roles(key)
    if process_data is None and roles and user.role not in roles:
        raise NotAllowed(why_not_start(key, user))
    school = _school_for(user, school_code)
    if school is not None and not school.active:
        raise RuleViolation(f"{school.name}已停用，不能发起新的事项；已有事项可照常办理。")
    process_hooks.check_start(key, school)
    if process_data is None:
        process_data = _checked_start_data(key, data, school, clock)
    run = _run(definition, process_data, school, clock)
    return _create(definition, run, school, user, clock, process_data)


def start_by_system(
    key: str, school: Organisation | None, clock: Clock, process_data: dict
) -> ProcessInstance:
    """A case the system opens (a yearly suggestion for a school; an objection from the public,
    for no school): no starter, no start form, no start guard."""
    definition = latest_definition(key)
    if definition is None:
        raise NotFound(f"流程“{key}”不存在或尚未部署。")
    run = _run(definition, process_data, school, clock)
    return _create(definition, run, school, None, clock, process_data)


def start_notice(key: str, school: Organisation | None, clock: Clock) -> str | None:
    """Why the process's start form cannot be sent today (its window is closed), if it says."""
    return process_hooks.start_notice(key, school, local_date(clock.now()))


def start_scheduled(definition, clock: Clock) -> ProcessInstance:
    """A process whose start event is a timer: one instance per version, waiting for that timer."""
    return _create(definition, _run(definition, {}, None, clock), None, None, clock, {})


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
    return deliver_message(instance, name, payload, clock, user)


def deliver_message(
    instance: ProcessInstance, name: str, payload: dict, clock: Clock, user: User | None = None
) -> bool:
    """Deliver a message (a person's through send_message, or the process's own code's, such as
    a finished background check); False when nothing waits for it."""
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


def hidden_submissions(instance: ProcessInstance, user: User) -> set[int]:
    """History events whose data the user may not read: for an expert, anything others did
    (they read only the application and their own scores); for anyone but the submitter and
    the province, submissions of the process's private forms."""
    private = process_hooks.private_forms(instance.process_key)
    forms = dict(
        db.session.execute(
            select(WorkItem.id, WorkItem.form_key).where(WorkItem.instance_id == instance.id)
        ).all()
    )
    hidden = set()
    for event in history(instance):
        if event.actor_id == user.id or not event.after:
            continue
        if user.role == "expert":
            hidden.add(event.id)
            continue
        item_id = event.subject.removeprefix("work_item:")
        form = forms.get(int(item_id)) if item_id.isdecimal() else None
        if form in private and not acts_for_province(user):
            hidden.add(event.id)
    return hidden


def issued_documents(user: User, page: int = 1, size: int = 20) -> Page:
    """Documents issued in the cases the user may see, newest first (文件)."""
    query = visible_documents(user).order_by(
        IssuedDocument.issued_at.desc(), IssuedDocument.id.desc()
    )
    return paginate(query, page, size)
