"""学籍异动's work around the engine: the registry and school lists its forms are checked
against, what a case starts with, its title, and applying an approved change to the registry."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from webapp.extensions import db
from webapp.identifiers import compact
from webapp.majors.models import SchoolMajor
from webapp.models import Organisation, ProcessInstance
from webapp.settings_store import service as settings
from webapp.student_registry.changes import as_record, registration_at

from .models import StatusChange
from .rules.kinds import KINDS


def _offered(school_id: int | None) -> dict[str, dict]:
    if not school_id:
        return {}
    rows = db.session.scalars(select(SchoolMajor).where(SchoolMajor.school_id == school_id))
    return {row.code: {"name": row.name, "status": row.status} for row in rows}


def _school(code: str) -> dict | None:
    org = db.session.scalar(
        select(Organisation).where(Organisation.code == code, Organisation.kind == "school")
    )
    if org is None:
        return None
    return {"id": org.id, "name": org.name, "city_id": org.parent_id, "active": org.active}


def running_case(id_number: str, but: int | None = None) -> str:
    """The title of a running change of this student (another case than `but`), or ""."""
    query = (
        select(ProcessInstance.title)
        .join(StatusChange, StatusChange.instance_id == ProcessInstance.id)
        .where(ProcessInstance.status == "running", StatusChange.id_number == compact(id_number))
    )
    if but is not None:
        query = query.where(ProcessInstance.id != but)
    return db.session.scalar(query.limit(1)) or ""


def rule_context(_today: date, school: Organisation | None, instance=None) -> dict:
    code = school.code if school else ""
    data = (instance.data or {}) if instance is not None else {}

    def find(student_no: str, id_number: str) -> dict | None:
        row = registration_at(code, student_no, id_number)
        return as_record(row) if row else None

    return {
        "find": find,
        "open_case": running_case,
        "school": _school,
        "own_code": code,
        "offered": _offered(school.id if school else None),
        "receiving_offered": _offered(data.get("receiving_school_id")),
        "case": data,
    }


def start_data(given: dict, school: Organisation | None) -> dict:
    """The settings the deadlines read, the registration as it stands, and a transfer's
    receiving school (its id scopes the receiving school's and city's tasks)."""
    kind = given.get("change_type", "")
    student_no, id_number = compact(given.get("student_no")), compact(given.get("id_number"))
    row = registration_at(school.code, student_no, id_number) if school else None
    receiving = _school(compact(given.get("receiving_school_code"))) if kind == "transfer" else None
    return {
        "review_working_days": int(settings.get("status_change.review_working_days")),
        "confirm_working_days": int(settings.get("status_change.confirm_working_days")),
        "correction_working_days": int(settings.get("status_change.correction_working_days")),
        "kind_label": KINDS.get(kind, ""),
        "returns": 0,
        "outcome": "",
        "registered_grade": row.grade if row else None,
        "registered_major": row.major_code if row else "",
        "registered_status": row.status if row else "",
        "receiving_school_id": receiving["id"] if receiving else None,
        "receiving_school_name": receiving["name"] if receiving else "",
        "needs_receiving_city": bool(
            receiving and school and receiving["city_id"] != school.parent_id
        ),
    }


def case_title(data: dict, school: Organisation | None) -> str | None:
    """ "学籍异动（转学）：张三－沈阳市装备制造工程学校→大连电子学校"."""
    label, name = data.get("kind_label"), str(data.get("student_name") or "")[:50]
    if not label or not name:
        return None
    where = school.name if school else ""
    if data.get("receiving_school_name"):
        where += f"→{data['receiving_school_name']}"
    return f"学籍异动（{label}）：{name}－{where}"
