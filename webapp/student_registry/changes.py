"""Reading a student's registrations and changing one (学籍异动): every change is kept in
registry_change with the row before and after, and in the case's history."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from webapp import audit
from webapp.clock import Clock
from webapp.extensions import db
from webapp.identifiers import compact
from webapp.models import User

from .models import RegistryChange, RegistryStudent

VOCATIONAL = "中职"
# What a registration is shown and compared by: the record rules read (no ORM objects there).
FIELDS = ("student_no", "id_number", "name", "school_code", "stage", "status", "grade")
LOOKUP_CHUNK = 500


def as_record(row: RegistryStudent) -> dict:
    """A registration as plain data: what pure rules and pages read."""
    return {field: getattr(row, field) for field in FIELDS} | {
        "major_code": row.major_code,
        "full_time": row.full_time,
        "formal": row.formal,
    }


def registration_at(school_code: str, student_no: str, id_number: str) -> RegistryStudent | None:
    """The school's 中职 registration with this 学籍号 and 身份证号 (the newest if several)."""
    query = (
        select(RegistryStudent)
        .where(
            RegistryStudent.school_code == school_code,
            RegistryStudent.stage == VOCATIONAL,
            RegistryStudent.student_no == compact(student_no),
            RegistryStudent.id_number == compact(id_number),
        )
        .order_by(RegistryStudent.id.desc())
        .limit(1)
    )
    return db.session.scalar(query)


def registrations_of(id_numbers: Iterable[str]) -> dict[str, list[dict]]:
    """Every registration held under each 身份证号 (any school, any stage), as records."""
    wanted = sorted({compact(number) for number in id_numbers if compact(number)})
    found: dict[str, list[dict]] = {}
    for start in range(0, len(wanted), LOOKUP_CHUNK):
        chunk = wanted[start : start + LOOKUP_CHUNK]
        rows = db.session.scalars(
            select(RegistryStudent)
            .where(RegistryStudent.id_number.in_(chunk))
            .order_by(RegistryStudent.id)
        )
        for row in rows:
            found.setdefault(row.id_number, []).append(as_record(row))
    return found


@dataclass(frozen=True)
class Transfer:
    """Where a transferred student is registered next: the receiving school and its major."""

    school_code: str
    major_code: str
    agricultural: bool


@dataclass(frozen=True)
class Change:
    """One approved change to a registration, as the deciding case gives it."""

    kind: str  # the change's type, e.g. "transfer"
    updates: Mapping[str, object]  # new values of the row's fields (status, grade, major_code…)
    effective_on: date
    instance_id: int
    # Who: the registration the case checked (学籍号, 身份证号, 学校代码).
    student: tuple[str, str, str] = ("", "", "")
    transfer: Transfer | None = None


def _snapshot(row: RegistryStudent) -> dict:
    return {field: getattr(row, field) for field in (*FIELDS, "major_code")}


def _remember(change: Change, before: dict, after: dict, note: str, actor, clock) -> None:
    student_no, id_number, school_code = change.student
    db.session.add(
        RegistryChange(
            instance_id=change.instance_id,
            id_number=id_number,
            student_no=student_no,
            school_code=school_code,
            kind=change.kind,
            before=before,
            after=after,
            note=note[:300],
            actor_id=actor.id if actor else None,
            changed_at=clock.now(),
        )
    )
    audit.record(
        "registry_changed" if not note else "registry_unchanged",
        clock,
        actor=actor,
        instance_id=change.instance_id,
        subject=f"registry:{student_no}",
        before=before or None,
        after=after if not note else {"note": note},
    )


def apply(row: RegistryStudent, change: Change, actor: User | None, clock: Clock) -> None:
    """Change the registration (and, for a transfer, register the student at the receiving
    school), keeping both rows' states in the history."""
    before = _snapshot(row)
    for field, value in change.updates.items():
        setattr(row, field, value)
    row.as_of = change.effective_on
    after = _snapshot(row)
    if change.transfer is not None:
        moved = RegistryStudent(
            **{c: getattr(row, c) for c in ("student_no", "id_number", "name", "stage", "grade")},
            school_code=change.transfer.school_code,
            status="在籍在校",
            full_time=row.full_time,
            formal=row.formal,
            major_code=change.transfer.major_code,
            agricultural=change.transfer.agricultural,
            as_of=change.effective_on,
        )
        db.session.add(moved)
        after = {"转出": after, "转入": _snapshot(moved)}
    _remember(change, before, after, "", actor, clock)


def refuse(row: RegistryStudent | None, change: Change, why: str, clock: Clock) -> None:
    """Record that an approved change could not be made (the registry no longer matches)."""
    _remember(change, _snapshot(row) if row else {}, {}, why, None, clock)


def applied(instance_id: int) -> RegistryChange | None:
    """What a case did to the registry, if it has already been applied."""
    query = select(RegistryChange).where(RegistryChange.instance_id == instance_id)
    return db.session.scalar(query.limit(1))
