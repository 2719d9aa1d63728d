"""What the subsidy tests share: a registry of three students (the third 休学), the agricultural
major they study, a recipient list's CSV lines, and the province's round opened through the page."""

from __future__ import annotations

import io
import re
from datetime import date

from sqlalchemy import select

from tests.helpers import complete, only_task
from tests.student_registry.helpers import id_number
from webapp.extensions import db
from webapp.majors.models import CatalogueMajor
from webapp.models import ProcessInstance
from webapp.student_registry.models import RegistryStudent

# The list's submission: publicised in the school for the five working days before the
# Spring Festival (the test clock reads Monday 2026-03-02).
SENT = {"publicity_from": "2026-02-09", "publicity_to": "2026-02-13", "list_checked": True}
HEADER = "学籍号,身份证号,姓名,年级,专业代码,资助类型,档次,金额,家庭经济困难认定"


def csv_line(serial: int, **changes) -> str:
    values = {
        "学籍号": f"G{serial:012d}", "身份证号": id_number(serial), "姓名": f"学生{serial}",
        "年级": "1", "专业代码": "610101", "资助类型": "国家助学金", "档次": "一档",
        "金额": "1650", "家庭经济困难认定": "否",
    } | changes  # fmt: skip
    return ",".join(values.values())


def seed_registry(app) -> None:
    with app.app_context():
        db.session.add(
            CatalogueMajor(
                version="2021", code="610101", name="种子生产技术", category_code="61",
                category_name="农林牧渔大类", class_code="6101", class_name="农业类",
                agricultural=True, state_controlled=False,
            )
        )  # fmt: skip
        for serial in (1, 2, 3):
            status = "休学" if serial == 3 else "在籍在校"
            db.session.add(
                RegistryStudent(
                    student_no=f"G{serial:012d}", id_number=id_number(serial), name=f"学生{serial}",
                    school_code="21010001", stage="中职", status=status, full_time=True,
                    formal=True, grade=1, major_code="610101", agricultural=True,
                    as_of=date(2026, 11, 20),
                )
            )  # fmt: skip
        db.session.commit()


def csrf(client, url: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', client.get(url).get_data(as_text=True))[
        1
    ]


def run_jobs(app, clock) -> int:
    from webapp.jobs import run_pending

    with app.app_context():
        return run_pending("test", clock)


def open_round(login_as) -> None:
    province = login_as("province")
    answer = province.post(
        "/subsidy/rounds",
        data={
            "csrf_token": csrf(province, "/subsidy/"),
            "term": "2026秋",
            "subsidy_type": "国家助学金",
        },
    )
    assert answer.status_code == 302


def case_of(app, school_code: str) -> int:
    from webapp.models import Organisation

    with app.app_context():
        school = db.session.scalar(select(Organisation).where(Organisation.code == school_code))
        return db.session.scalar(
            select(ProcessInstance.id).where(
                ProcessInstance.process_key == "subsidy_verification",
                ProcessInstance.school_id == school.id,
            )
        )


def upload_list(client, case_id: int, lines: list[str]) -> None:
    body = ("\n".join([HEADER, *lines]) + "\n").encode()
    url = f"/instances/{case_id}"
    answer = client.post(
        f"/subsidy/cases/{case_id}/recipients",
        data={"csrf_token": csrf(client, url), "file": (io.BytesIO(body), "名单.csv")},
        content_type="multipart/form-data",
    )
    assert answer.status_code == 302


def as_rows(lines: list[str]) -> list[dict]:
    names = HEADER.split(",")
    return [dict(zip(names, line.split(","), strict=True)) for line in lines]


def approve_and_sign_off(city, province) -> None:
    """The city approves the list waiting for it and the province signs it off (API callers)."""
    complete(
        city,
        only_task(city, "市级审核")["id"],
        {"city_decision": "approve", "city_opinion": "同意"},
    )
    complete(
        province,
        only_task(province, "省级审定")["id"],
        {"province_decision": "approve", "province_opinion": "审定通过"},
    )
