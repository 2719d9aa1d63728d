"""Demo internship applications, one at each stage, so a fresh demo shows the whole process."""

from __future__ import annotations

from datetime import date, timedelta

from webapp.cli.demo_cases import demo_user
from webapp.clock import Clock
from webapp.models import User
from webapp.processes.internship_approval import consents
from webapp.services import instances, tasks

# ISO 7064 MOD 11-2 weights; area 210000 is the province itself, which no person is born in.
_WEIGHTS = [2 ** (17 - i) % 11 for i in range(17)]


def synthetic_id(born: date, order: int) -> str:
    body = f"210000{born:%Y%m%d}{order:03d}"
    check = (12 - sum(int(c) * w for c, w in zip(body, _WEIGHTS, strict=True)) % 11) % 11
    return body + ("X" if check == 10 else str(check))


def _credit_code() -> str:
    alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    body = "91210100MA0000000"
    total = sum(alphabet.index(c) * (3**i % 31) for i, c in enumerate(body))
    return body + alphabet[(31 - total % 31) % 31]


def _student(name: str, start: date, age: int, order: int) -> dict:
    born = date(start.year - age, 1, 15) if start.month > 1 else date(start.year - age - 1, 1, 15)
    return {
        "name": name,
        "id_number": synthetic_id(born, order),
        "major": "数控技术应用",
        "grade": 2,
        "major_group": "对口",
        "guardian_name": f"{name[0]}家长",
        "guardian_relation": "母亲",
        "guardian_phone": "13800000000",
    }


def application(today: date, minors: bool, unit: str) -> dict:
    start = today + timedelta(days=20)
    students = [_student("赵一帆", start, 19, 1), _student("钱二成", start, 18, 2)]
    if minors:
        students.append(_student("孙三乐", start, 16, 3))
    return {
        "kind": "岗位实习",
        "unit_name": unit,
        "unit_credit_code": _credit_code(),
        "unit_type": "企业",
        "unit_staff_count": 600,
        "unit_address": "沈阳市铁西区北一路 1 号",
        "unit_contact": "人事部 刘经理",
        "unit_phone": "024-25880000",
        "posts": [
            {"post_name": "数控车床操作", "interns": len(students), "post_staff": 50, "risk": "无"}
        ],
        "work_content": "数控车床操作与产品检验",
        "start_date": start.isoformat(),
        "end_date": (start + timedelta(days=120)).isoformat(),
        "daily_hours": 8,
        "pay_per_month": 3000,
        "same_post_wage": 3500,
        "lowest_grade_wage": 2600,
        "pay_method": "货币",
        "pay_cycle": "每月",
        "pay_day": 10,
        "work_days": "周一至周五",
        "work_hours": "8:30—12:00，13:30—17:30",
        "insurance_policy_no": "PZ2026000123",
        "insurer": "中国人民财产保险股份有限公司沈阳市分公司",
        "insurance_start": start.isoformat(),
        "insurance_end": (start + timedelta(days=150)).isoformat(),
        "premium_paid_by": "学校",
        "supervising_teacher": "王老师",
        "unit_mentor": "李师傅",
        "students": students,
    }


def _next(instance, user: User, data: dict, clock: Clock, forms_dir: str) -> None:
    item = instances.open_items(instance)[0]
    tasks.complete(item.id, user, data, clock, forms_dir)


def _guardians_agree(instance, clock: Clock) -> None:
    """Every guardian asked agrees (every 岗位实习 student's, by the default setting)."""
    for item in instances.open_items(instance):
        if item.lane == "guardian":
            consents.answer_in_demo(item.id, clock)


def load(today: date, clock: Clock, forms_dir: str) -> int:
    """Seven applications: draft, awaiting guardians, leader, city, returned, 实习中, closed."""
    school, city = demo_user("school"), demo_user("city")
    instances.start("internship_approval", school, clock)  # a draft
    waiting = instances.start("internship_approval", school, clock)
    _next(waiting, school, application(today, True, "沈阳精密机械有限公司"), clock, forms_dir)
    stages = []
    for unit in (
        "沈阳数控设备有限公司",
        "沈阳汽车零部件有限公司",
        "沈阳智能制造有限公司",
        "沈阳重型机械有限公司",
        "沈阳电机有限公司",
    ):
        case = instances.start("internship_approval", school, clock)
        _next(case, school, application(today, False, unit), clock, forms_dir)
        _guardians_agree(case, clock)
        stages.append(case)
    leader, city_review, returned, running, closed = stages
    for case in (city_review, returned, running, closed):
        _next(case, school, {"leader_decision": "approve"}, clock, forms_dir)
    _next(
        returned,
        city,
        {"city_decision": "return", "city_reason": "请补充实习单位联系电话"},
        clock,
        forms_dir,
    )
    for case, unit in ((running, "沈阳智能制造有限公司"), (closed, "沈阳重型机械有限公司")):
        _next(case, city, {"city_decision": "approve"}, clock, forms_dir)
        _next(
            case,
            school,
            # Not before the filed start date (nor the city's filing, today).
            {
                "agreements_signed": True,
                "actual_start_date": application(today, False, unit)["start_date"],
            },
            clock,
            forms_dir,
        )
    _next(
        closed,
        school,
        {
            "visit_date": today.isoformat(),
            "visitor": "王老师",
            "visit_findings": "实习期满，学生已返校。",
            "internship_finished": True,
        },
        clock,
        forms_dir,
    )
    return 7
