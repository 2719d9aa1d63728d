"""Demo: the 学籍 of the demo schools' students (synthetic), and a 国家助学金 round for this
term in which `school`'s list has two flagged rows waiting for its answer (a student on 休学,
and one registered at `school2`); `school2` has sent a clean list that waits for `city2`."""

from __future__ import annotations

import csv
import tempfile
from datetime import date, timedelta
from pathlib import Path

from stdnum.cn import ric

from webapp.cli.demo_cases import demo_user
from webapp.clock import Clock
from webapp.extensions import db
from webapp.jobs import run_pending
from webapp.services import instances, tasks
from webapp.student_registry.models import RegistryStudent

from . import recipients, rounds
from .rules import COLUMNS

SCHOOLS = {"21010001": 100, "21020001": 200}  # school code → first serial of its students
MAJOR = "610101"


def _id_number(serial: int) -> str:
    body = f"2101022009{serial % 12 + 1:02d}{serial % 28 + 1:02d}{serial:03d}"
    return body + ric.calc_check_digit(body + "0")


def _student(serial: int, school: str, as_of: date, **changes) -> RegistryStudent:
    values = {
        "student_no": f"G21{serial:010d}", "id_number": _id_number(serial), "name": f"演示学生{serial}",
        "school_code": school, "stage": "中职", "status": "在籍在校", "full_time": True,
        "formal": True, "grade": serial % 3 + 1, "major_code": MAJOR, "agricultural": True,
        "as_of": as_of,
    }  # fmt: skip
    return RegistryStudent(**(values | changes))


def _row(serial: int) -> dict:
    return {
        "学籍号": f"G21{serial:010d}", "身份证号": _id_number(serial), "姓名": f"演示学生{serial}",
        "年级": str(serial % 3 + 1), "专业代码": MAJOR, "资助类型": "国家助学金", "档次": "一档",
        "金额": "1650", "家庭经济困难认定": "否",
    }  # fmt: skip


def _store(case, rows: list[dict]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "名单.csv"
        with path.open("w", encoding="utf-8", newline="") as stream:
            writer = csv.DictWriter(stream, fieldnames=COLUMNS)
            writer.writeheader()
            writer.writerows(rows)
        recipients.store_file(case, path, path.name)


def load(today: date, clock: Clock, forms_dir: str) -> int:
    for school, first in SCHOOLS.items():
        for serial in range(first, first + 20):
            status = "休学" if serial == first + 3 else "在籍在校"
            db.session.add(_student(serial, school, today, status=status))
    term = f"{today.year}{'秋' if today.month >= 8 else '春'}"
    province = demo_user("province")
    _round, cases = rounds.open_round(term, "国家助学金", province, clock)
    by_school = {case.school.code: case for case in cases}
    school, school2 = demo_user("school"), demo_user("school2")
    mine = [_row(serial) for serial in range(100, 112)] + [_row(205)]  # 205 is school2's
    _store(by_school["21010001"], mine)
    _store(by_school["21020001"], [_row(n) for n in range(200, 210) if n not in (203, 205)])
    sent = {  # publicised in the school the fortnight before (at least five working days)
        "publicity_from": (today - timedelta(days=15)).isoformat(),
        "publicity_to": (today - timedelta(days=1)).isoformat(),
        "publicity_objections": "无",
        "list_checked": True,
    }
    for user, code in ((school, "21010001"), (school2, "21020001")):
        item = instances.open_items(by_school[code])[0]
        tasks.complete(item.id, user, sent, clock, forms_dir)
    db.session.commit()
    run_pending("demo", clock)  # the checks a scheduler would run
    return len(cases)
