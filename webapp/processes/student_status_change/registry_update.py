"""What an approved 学籍异动 does, once: the registration changes (a transfer also registers the
student at the receiving school), with the history kept by webapp.student_registry.changes."""

from __future__ import annotations

from sqlalchemy import select

from webapp.clock import Clock
from webapp.extensions import db
from webapp.form_values import form_day
from webapp.identifiers import compact
from webapp.local_time import local_date
from webapp.majors.models import current_entry
from webapp.models import Organisation, ProcessInstance, User, WorkItem
from webapp.student_registry import changes
from webapp.student_registry.models import RegistryStudent

from .models import StatusChange
from .rules.kinds import KINDS, registry_updates, required_statuses

DECISIONS = ("city_review", "receiving_city_review")


def remember_student(instance: ProcessInstance) -> None:
    """The case's student, once, for the one-change-at-a-time check and lists."""
    known = select(StatusChange.id).where(StatusChange.instance_id == instance.id)
    if db.session.scalar(known) is not None:
        return
    data = instance.data or {}
    db.session.add(
        StatusChange(
            instance_id=instance.id,
            school_id=instance.school_id,
            id_number=compact(data.get("id_number"))[:18],
            student_no=compact(data.get("student_no"))[:32],
            kind=str(data.get("change_type", ""))[:32],
        )
    )


def _decider(instance: ProcessInstance) -> User | None:
    item = db.session.scalar(
        select(WorkItem)
        .where(
            WorkItem.instance_id == instance.id,
            WorkItem.spec_id.in_(DECISIONS),
            WorkItem.status == "completed",
        )
        .order_by(WorkItem.id.desc())
        .limit(1)
    )
    return item.completed_by if item else None


def _agricultural(code: str) -> bool | None:
    entry = current_entry(code) if code else None
    return entry.agricultural if entry else None


def _code(instance: ProcessInstance) -> str:
    return instance.school.code if instance.school else ""


def _change(instance: ProcessInstance, clock: Clock) -> changes.Change:
    data = instance.data
    kind = data["change_type"]
    transfer = None
    if kind == "transfer":
        receiving = db.session.get(Organisation, data.get("receiving_school_id") or 0)
        major = str(data.get("receiving_major_code") or "")
        transfer = changes.Transfer(
            receiving.code if receiving else "", major, bool(_agricultural(major))
        )
    target = _agricultural(str(data.get("target_major_code") or ""))
    return changes.Change(
        kind=kind,
        updates=registry_updates(kind, data, target),
        effective_on=form_day(data.get("effective_on")) or local_date(clock.now()),
        instance_id=instance.id,
        student=(compact(data.get("student_no")), compact(data.get("id_number")), _code(instance)),
        transfer=transfer,
    )


def apply_once(instance: ProcessInstance, clock: Clock) -> None:
    """Apply the approved change unless it was applied; when the registry no longer holds the
    registration as it was checked (a newer export replaced it), record why nothing changed."""
    if changes.applied(instance.id) is not None:
        return
    data = instance.data
    change = _change(instance, clock)
    row: RegistryStudent | None = changes.registration_at(
        _code(instance), data.get("student_no", ""), data.get("id_number", "")
    )
    kind = KINDS.get(change.kind, change.kind)
    if row is None:
        why = f"学籍库中已没有该学生的本校中职学籍，未能办理“{kind}”；请在全国系统中核对后重新导入学籍数据"
        changes.refuse(None, change, why, clock)
    elif row.status not in required_statuses(change.kind):
        why = f"学籍状态已变为“{row.status}”，未能办理“{kind}”；请在全国系统中核对"
        changes.refuse(row, change, why, clock)
    else:
        changes.apply(row, change, _decider(instance), clock)


def reconcile(instance: ProcessInstance, clock: Clock) -> None:
    """After every step: the student is on record; an approved change is in the registry."""
    remember_student(instance)
    if (instance.data or {}).get("outcome") == "approved":
        apply_once(instance, clock)
