"""Ending a case before its diagram does: the school withdraws (撤回) an application nobody has
acted on yet; an administrator cancels (作废) any case that is not already closed this way.

Either way the case stays, with its history: the reason is recorded, its open steps are closed
(so they leave every inbox) and its pending deadlines and timers with them, its issued documents
are marked void (/verify then says 已作废), and the people who held its open steps are told
(and, when it is cancelled, its school).
"""

from __future__ import annotations

from sqlalchemy import or_, select, update

from webapp import audit
from webapp.clock import Clock
from webapp.documents.issuing import revoke
from webapp.errors import Conflict, NotAllowed, RuleViolation
from webapp.extensions import db
from webapp.models import Deadline, IssuedDocument, ProcessInstance, User, WorkItem
from webapp.models.scope import role_users
from webapp.services import drafts, instances, missed, notifications

MAX_REASON = 500
ENDED = ("withdrawn", "cancelled")


def _reason(text: str) -> str:
    text = (text or "").strip()
    if not text:
        raise RuleViolation("请填写原因。", {"reason": "请填写原因"})
    if len(text) > MAX_REASON:
        raise RuleViolation(
            f"原因最多 {MAX_REASON} 个字，现为 {len(text)} 个字。",
            {"reason": f"最多 {MAX_REASON} 个字"},
        )
    return text


def _acted_on(instance: ProcessInstance) -> bool:
    """Whether anyone but the school has done something in the case: completed or claimed a
    step that is not the school's own (a review, a guardian's answer, an expert's score)."""
    others = select(WorkItem.id).where(
        WorkItem.instance_id == instance.id,
        or_(WorkItem.role.is_(None), WorkItem.role != "school_staff"),
        or_(WorkItem.status == "completed", WorkItem.assignee_id.is_not(None)),
    )
    return db.session.scalar(others.limit(1)) is not None


def why_not_withdraw(instance: ProcessInstance, user: User) -> str | None:
    """Why the user cannot withdraw the case now (None: they can)."""
    if user.role != "school_staff" or user.org_id is None or user.org_id != instance.school_id:
        return "只有发起申请的学校可以撤回。"
    if instance.starter is None or instance.starter.org_id != instance.school_id:
        return "该事项不是本校发起的申请，不能撤回。"
    if instance.status != "running":
        return f"该事项{instance.status_label}，不能撤回。"
    if _acted_on(instance):
        return (
            "上级部门或其他办理人已开始办理，不能撤回；如需终止，请联系上级部门退回或由管理员作废。"
        )
    return None


def why_not_cancel(instance: ProcessInstance, user: User) -> str | None:
    """Why the user cannot cancel the case (None: they can)."""
    if user.role != "admin":
        return "只有系统管理员可以作废事项。"
    if instance.status in ENDED:
        return f"该事项{instance.status_label}。"
    return None


def _close(instance: ProcessInstance, status: str, action: str, reason: str, user, clock: Clock):
    now = clock.now()
    items = list(
        db.session.scalars(
            select(WorkItem).where(WorkItem.instance_id == instance.id, WorkItem.status == "open")
        )
    )
    holders: dict[int, User] = {}
    for item in items:
        for person in notifications.candidates_of(item):
            holders[person.id] = person
        item.status = "cancelled"
        drafts.discard_all(drafts.task_slot(item.id))
    db.session.execute(
        update(Deadline)
        .where(Deadline.instance_id == instance.id, Deadline.status == "pending")
        .values(status="cancelled")
        .execution_options(synchronize_session=False)
    )
    before = instance.status
    instance.status = status
    instance.completed_at = now
    instance.updated_at = now
    documents = db.session.scalars(
        select(IssuedDocument).where(
            IssuedDocument.instance_id == instance.id, IssuedDocument.revoked_at.is_(None)
        )
    ).all()
    for document in documents:
        revoke(document, clock, user, reason)
    audit.record(
        action,
        clock,
        actor=user,
        instance_id=instance.id,
        subject=f"instance:{instance.id}",
        before={"status": before},
        after={"status": status, "reason": reason, "closed_steps": [i.name for i in items]},
    )
    missed.resolve(instance, clock)
    verb = "撤回" if status == "withdrawn" else "作废"
    if status == "cancelled" and instance.school_id is not None:  # the school hears of it
        for person in db.session.scalars(role_users("school_staff", instance.school_id, None)):
            holders[person.id] = person
    holders.pop(user.id, None)
    notifications.notify(
        holders.values(),
        "system",
        f"“{instance.title}”已被{verb}，相关待办已关闭",
        clock,
        link=f"/instances/{instance.id}",
        body=f"原因：{reason}",
        instance_id=instance.id,
    )
    db.session.flush()


def withdraw(instance_id: int, user: User, reason: str, clock: Clock) -> ProcessInstance:
    """撤回: the school takes back its application before anyone has acted on it."""
    instance = instances.get_visible(instance_id, user)
    refusal = why_not_withdraw(instance, user)
    if refusal:
        raise Conflict(refusal) if user.org_id == instance.school_id else NotAllowed(refusal)
    reason = _reason(reason)
    _close(instance, "withdrawn", "instance_withdrawn", reason, user, clock)
    return instance


def cancel(instance_id: int, user: User, reason: str, clock: Clock) -> ProcessInstance:
    """作废: an administrator voids a case, running or finished."""
    instance = instances.get_visible(instance_id, user)
    refusal = why_not_cancel(instance, user)
    if refusal:
        raise NotAllowed(refusal) if user.role != "admin" else Conflict(refusal)
    reason = _reason(reason)
    _close(instance, "cancelled", "instance_cancelled", reason, user, clock)
    return instance
