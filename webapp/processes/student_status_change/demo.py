"""Demo 学籍异动 of `school`'s students (from the registry the demo loads): a 复学 waiting for
`city`, and a transfer to `school2` in 大连 waiting for that school to confirm."""

from __future__ import annotations

import io
from datetime import date

from flask import current_app
from sqlalchemy import select

from webapp.cli.demo_cases import demo_user, first_task
from webapp.clock import Clock
from webapp.documents.samples import sample_pdf
from webapp.extensions import db
from webapp.models import User
from webapp.services import instances, tasks
from webapp.student_registry.models import RegistryStudent

SCHOOL, RECEIVING = "21010001", "21020001"


def _student(status: str) -> RegistryStudent | None:
    query = select(RegistryStudent).where(
        RegistryStudent.school_code == SCHOOL,
        RegistryStudent.stage == "中职",
        RegistryStudent.status == status,
    )
    return db.session.scalars(query.order_by(RegistryStudent.id)).first()


def _evidence(item_id: int, user: User, clock: Clock, forms_dir: str, title: str) -> list:
    sample = io.BytesIO(sample_pdf(title))
    upload_dir = current_app.config["UPLOAD_DIR"]
    stored = tasks.upload(
        item_id, user, "evidence", sample, f"{title}.pdf", clock, forms_dir, upload_dir
    )
    return [{"attachment_id": stored.id, "filename": stored.filename}]


def _record(student, kind: str, extra: dict, details: dict, clock, forms_dir) -> None:
    school = demo_user("school")
    given = {
        "change_type": kind,
        "student_no": student.student_no,
        "id_number": student.id_number,
        "student_name": student.name,
    }
    case = instances.start("student_status_change", school, clock, data=given | extra)
    item = first_task(case)
    evidence = _evidence(item.id, school, clock, forms_dir, details.pop("title"))
    tasks.complete(item.id, school, details | {"evidence": evidence}, clock, forms_dir)


def load(today: date, clock: Clock, forms_dir: str) -> int:
    back, leaving = _student("休学"), _student("在籍在校")
    if back is None or leaving is None:
        return 0  # no registry to change (the registry demo did not run)
    _record(back, "resume", {}, {
        "title": "复学申请", "effective_on": today.isoformat(),
        "reason": "休学期满，身体康复，经学生及监护人申请复学",
    }, clock, forms_dir)  # fmt: skip
    _record(leaving, "transfer", {"receiving_school_code": RECEIVING}, {
        "title": "转学申请及接收函", "effective_on": today.isoformat(),
        "reason": "家庭随父母工作调动迁居大连，申请转入大连市轻工业学校就读",
    }, clock, forms_dir)  # fmt: skip
    return 2
