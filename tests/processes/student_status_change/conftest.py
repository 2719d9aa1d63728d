"""A registry and school majors for 学籍异动: students of the demo schools in each status."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select
from stdnum.cn import ric

from webapp.extensions import db

NOW = datetime(2026, 10, 12, 2, 0, tzinfo=UTC)  # a Monday, 10:00 in Shanghai


def id_number(serial: int) -> str:
    body = f"21010220080{serial % 9 + 1}1{serial % 9 + 1}{serial:03d}"
    return body + ric.calc_check_digit(body + "0")


STUDENTS = {  # name → (serial, school code, status, grade)
    "赵一": (1, "21010001", "在籍在校", 2),
    "钱二": (2, "21010001", "休学", 2),
    "孙三": (3, "21010001", "在籍在校", 3),
    "李四": (4, "21010001", "在籍在校", 1),
    "周五": (5, "21010001", "退学", 2),
}


def student(name: str) -> dict:
    serial = STUDENTS[name][0]
    return {
        "student_no": f"G{id_number(serial)}",
        "id_number": id_number(serial),
        "student_name": name,
    }


def major_code(school_code: str, name: str) -> str:
    from webapp.majors.models import SchoolMajor
    from webapp.models import Organisation

    return db.session.scalar(
        select(SchoolMajor.code)
        .join(Organisation, Organisation.id == SchoolMajor.school_id)
        .where(Organisation.code == school_code, SchoolMajor.name == name)
    )


@pytest.fixture
def registry(deployed, clock):
    """The catalogue, the demo schools' majors and five students of `school` (21010001)."""
    from webapp.majors.demo import load_catalogue, load_school_majors
    from webapp.student_registry.models import RegistryStudent

    clock.set(NOW)
    with deployed.app_context():
        load_catalogue(clock)
        load_school_majors(clock)
        major = major_code("21010001", "数控技术应用")
        for name, (serial, school, status, grade) in STUDENTS.items():
            db.session.add(
                RegistryStudent(
                    student_no=f"G{id_number(serial)}", id_number=id_number(serial), name=name,
                    school_code=school, stage="中职", status=status, full_time=True, formal=True,
                    grade=grade, major_code=major, agricultural=False, as_of=date(2026, 9, 30),
                )
            )  # fmt: skip
        db.session.commit()
    return deployed


def registration(app, name: str, school_code: str = "21010001"):
    from webapp.student_registry.models import RegistryStudent

    with app.app_context():
        row = db.session.scalar(
            select(RegistryStudent).where(
                RegistryStudent.name == name, RegistryStudent.school_code == school_code
            )
        )
        return (
            None
            if row is None
            else {c: getattr(row, c) for c in ("status", "grade", "major_code", "as_of")}
        )
