"""Synthetic identifiers and a clean application for the internship rule tests.

ID numbers use order code 000 and credit codes an all-zero organisation code, so none is a real
person's or unit's; check characters are computed here from the standards, independently of
python-stdnum, so the tests also check the library."""

from __future__ import annotations

from datetime import date, timedelta

ID_WEIGHTS = [2 ** (17 - position) % 11 for position in range(17)]  # ISO 7064 MOD 11-2
CREDIT_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_WEIGHTS = [3**position % 31 for position in range(17)]  # GB 32100

START = date(2026, 3, 2)


def id_check(body: str) -> str:
    value = (12 - sum(int(c) * w for c, w in zip(body, ID_WEIGHTS, strict=True)) % 11) % 11
    return "X" if value == 10 else str(value)


def id_number(born: date | str, area: str = "210000", order: str = "000") -> str:
    """A valid synthetic 身份证号 for the birth date (area 210000 is the province, never a county)."""
    digits = born.strftime("%Y%m%d") if isinstance(born, date) else born
    body = area + digits + order
    return body + id_check(body)


def credit_check(body: str) -> str:
    total = sum(CREDIT_ALPHABET.index(c) * w for c, w in zip(body, CREDIT_WEIGHTS, strict=True))
    return CREDIT_ALPHABET[(31 - total % 31) % 31]


def credit_code(body: str = "91210100000000000") -> str:
    return body + credit_check(body)


def born_years_before(day: date, years: int, shift_days: int = 0) -> date:
    """The birth date of someone whose `years`th birthday falls `shift_days` after `day`."""
    return day.replace(year=day.year - years) + timedelta(days=shift_days)


def student(name: str = "测试学生甲", born: date = date(2008, 9, 1), **changes) -> dict:
    row = {
        "name": name,
        "id_number": id_number(born),
        "major": "数控技术应用",
        "grade": 2,
        "guardian_name": "测试家长",
        "guardian_relation": "母亲",
        "guardian_phone": "13800000000",
    }
    return row | changes


def application(**changes) -> dict:
    """A 岗位实习 application that breaks no rule and raises no warning."""
    clean = {
        "kind": "岗位实习",
        "unit_name": "辽宁测试装备制造有限公司",
        "unit_credit_code": credit_code(),
        "unit_type": "企业",
        "unit_is_entertainment": False,
        "via_intermediary": False,
        "unit_staff_count": 100,
        "posts": [{"post_name": "数控车床操作", "interns": 2, "post_staff": 20, "risks": []}],
        "start_date": START.isoformat(),
        "end_date": "2026-08-31",
        "daily_hours": 8,
        "rest_day_work": False,
        "holiday_work": False,
        "overtime": False,
        "night_shift": False,
        "pay_per_month": 3200,
        "same_post_wage": 4000,
        "pay_method": "货币",
        "pay_cycle": "每月",
        "fees": [],
        "insurance_policy_no": "TEST-2026-0001",
        "insurer": "测试财产保险股份有限公司",
        "insurance_start": "2026-03-01",
        "insurance_end": "2026-09-30",
        "premium_paid_by": "学校",
        "supervising_teacher": "测试教师",
        "unit_mentor": "测试师傅",
        "students": [student(), student("测试学生乙", date(2008, 5, 20), major_group_match=True)],
    }
    return clean | changes
