"""Task use cases: view, claim, unclaim, delegate and complete a work item."""

from __future__ import annotations

from typing import BinaryIO

from sqlalchemy import select, update
from sqlalchemy.orm.exc import StaleDataError

from webapp import audit, engine
from webapp.clock import Clock
from webapp.errors import Conflict, NotAllowed, NotFound, RuleViolation
from webapp.extensions import db
from webapp.local_time import local_date
from webapp.models import Attachment, ProcessInstance, User, WorkItem
from webapp.models.scope import may_act, visible_instances
from webapp.services import attachments, drafts, notifications, process_hooks, runs
from webapp.services.task_forms import task_form
from webapp.taskforms import FormDef, undeclared_keys, validate
from webapp.taskforms.declared import UNDECLARED

GONE = "任务不存在或您无权查看。"


def get_visible(item_id: int, user: User) -> WorkItem:
    """The item if the user is a candidate or may see its instance; NotFound otherwise."""
    item = db.session.get(WorkItem, item_id)
    if item is None:
        raise NotFound(GONE)
    if may_act(user, item):
        return item
    seen = db.session.scalar(visible_instances(user).where(ProcessInstance.id == item.instance_id))
    if seen is None:
        raise NotFound(GONE)
    return item


def _actionable(item_id: int, user: User) -> WorkItem:
    item = get_visible(item_id, user)
    if not may_act(user, item):
        raise NotAllowed("您不是该任务的办理人，只能查看。")
    if item.status != "open":
        who = item.completed_by.label if item.completed_by else "他人"
        raise Conflict(f"该任务已由{who}办理完毕，无需重复提交。")
    return item


def _completable(item_id: int, user: User) -> WorkItem:
    item = _actionable(item_id, user)
    if item.assignee_id not in (None, user.id):
        raise Conflict(f"该任务已由{item.assignee.label}认领，您不能办理。")
    return item


def _set_assignee(item: WorkItem, expect: int | None, assignee: User | None, clock: Clock) -> None:
    """Change the assignee only if nobody changed it meanwhile."""
    changed = db.session.execute(
        update(WorkItem)
        .where(WorkItem.id == item.id, WorkItem.status == "open")
        .where(WorkItem.assignee_id.is_(None) if expect is None else WorkItem.assignee_id == expect)
        .values(
            assignee_id=assignee.id if assignee else None,
            claimed_at=clock.now() if assignee else None,
        )
        .execution_options(synchronize_session=False)
    )
    if changed.rowcount != 1:
        raise Conflict("该任务刚刚被他人认领或办理，请刷新后再试。")
    db.session.expire(item)


def claim(item_id: int, user: User, clock: Clock) -> WorkItem:
    item = _actionable(item_id, user)
    if item.assignee_id == user.id:
        return item
    if item.assignee_id is not None:
        raise Conflict(f"该任务已由{item.assignee.label}认领。")
    _set_assignee(item, None, user, clock)
    audit.record(
        "task_claimed",
        clock,
        actor=user,
        instance_id=item.instance_id,
        subject=f"work_item:{item.id}",
        after={"assignee": user.username},
    )
    return item


def unclaim(item_id: int, user: User, clock: Clock) -> WorkItem:
    item = _actionable(item_id, user)
    if item.assignee_id != user.id:
        raise Conflict("只有认领人才能放弃认领。")
    _set_assignee(item, user.id, None, clock)
    audit.record(
        "task_unclaimed",
        clock,
        actor=user,
        instance_id=item.instance_id,
        subject=f"work_item:{item.id}",
        before={"assignee": user.username},
    )
    return item


def delegate(item_id: int, user: User, username: str, clock: Clock) -> WorkItem:
    """Hand the item to another user who could act on it too."""
    item = _actionable(item_id, user)
    if item.assignee_id not in (None, user.id):
        raise Conflict(f"该任务已由{item.assignee.label}认领，不能转办。")
    target = db.session.scalar(select(User).where(User.username == username))
    if target is None or not target.active or target.id == user.id:
        raise RuleViolation(
            "转办对象不存在或不可用。", {"username": "请填写另一位有权办理该任务的用户名"}
        )
    if not may_act(target, item):
        raise RuleViolation(
            f"用户“{target.label}”无权办理该任务，不能转办给他。",
            {"username": "该用户不在此任务的办理范围内"},
        )
    before = item.assignee.username if item.assignee else None
    _set_assignee(item, item.assignee_id, target, clock)
    audit.record(
        "task_delegated",
        clock,
        actor=user,
        instance_id=item.instance_id,
        subject=f"work_item:{item.id}",
        before={"assignee": before},
        after={"assignee": target.username},
    )
    notifications.on_delegated(item, user, target, clock)
    return item


def form_for(item: WorkItem, forms_dir: str) -> FormDef:
    definition = item.instance.definition
    form = task_form(forms_dir, definition, item.process_key, item.form_key, item.spec_id)
    if form is None:
        raise NotFound(f"任务“{item.name}”缺少表单定义，请联系管理员。")
    return form


def _refuse_undeclared(form: FormDef, data: dict) -> None:
    """Only the form's fields may enter the engine; anything else is named and refused."""
    extra = undeclared_keys(form, data)
    if extra:
        raise RuleViolation(
            f"提交的数据中有表单“{form.title}”没有的字段：{'、'.join(extra[:20])}。"
            "只能提交表单中的字段，流程自身的变量不能从外部设置。",
            dict.fromkeys(extra, UNDECLARED),
        )


def upload(
    item_id: int,
    user: User,
    field_name: str,
    stream: BinaryIO,
    filename: str,
    clock: Clock,
    forms_dir: str,
    upload_dir: str,
) -> Attachment:
    """Keep one file for a file field of a task the user may act on; the task's submission
    may then name it (and only this user's submission of this task)."""
    item = _completable(item_id, user)
    field = form_for(item, forms_dir).field(field_name)
    if field is None or field.widget != "file":
        raise RuleViolation(
            f"任务“{item.name}”的表单没有名为“{field_name}”的文件字段。",
            {"field": "请填写该任务表单中的文件字段名"},
        )
    stored = attachments.store(stream, filename, field, user, clock, upload_dir)
    stored.work_item_id = item.id
    return stored


def complete(item_id: int, user: User, data: dict, clock: Clock, forms_dir: str) -> WorkItem:
    """Validate the data against the task's form, run the task, save; 409 if someone was faster."""
    item = _completable(item_id, user)
    form = form_for(item, forms_dir)
    _refuse_undeclared(form, data)
    errors = validate(form, data)
    if process_hooks.has_rules(item.process_key, item.form_key):
        # One pass: the rules run even when the schema check failed, so every problem shows on
        # the first submit. Reference data (a list, settings) is read only for forms with rules.
        today = local_date(clock.now())
        context = process_hooks.rule_context(
            item.process_key, today, item.instance.school, item.instance
        )
        errors = process_hooks.all_errors(
            item.process_key, item.form_key, form, data, errors, today, context
        )
    if errors:
        raise RuleViolation("表单填写有误，请按提示修改。", errors)
    attachments.link(form, data, item, user)
    instance = item.instance
    run = runs.restore(instance, clock)
    try:
        run.complete_task(item.task_id, data)
    except engine.TaskNotReady as error:
        raise Conflict("该任务已被办理或已取消，请刷新。") from error
    except engine.ScriptError as error:
        raise runs.script_failure(error) from error
    item.status, item.completed_by_id, item.completed_at = "completed", user.id, clock.now()
    drafts.discard_all(drafts.task_slot(item.id))
    audit.record(
        "task_completed",
        clock,
        actor=user,
        instance_id=instance.id,
        subject=f"work_item:{item.id}",
        after={"task": item.name, "data": data},
    )
    runs.save(instance, run, clock, actor=user)
    try:
        db.session.flush()
    except StaleDataError as error:
        raise Conflict("该任务刚刚已被他人办理，您的提交未生效，请刷新查看。") from error
    return item
