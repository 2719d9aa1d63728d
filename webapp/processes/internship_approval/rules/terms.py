"""Blocks about the terms of the placement: dates, working time, pay, fees and insurance."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from webapp.processes.internship_approval.rules import application as form
from webapp.processes.internship_approval.rules.articles import (
    PAY_ARTICLE,
    PROVINCE_11,
    cite,
    national,
)
from webapp.processes.internship_approval.rules.findings import Block

WORKING_TIME = {
    "rest_day_work": "在休息日实习",
    "holiday_work": "在法定节假日实习",
    "overtime": "加班",
    "night_shift": "上夜班",
}


def date_blocks(application: dict) -> list[Block]:
    start, end = form.day(application.get("start_date")), form.day(application.get("end_date"))
    if start is None or end is None or end >= start:
        return []
    message = f"实习结束日期 {end} 早于开始日期 {start}，请核对实习起止日期"
    return [Block("end_before_start", message, "end_date")]


def working_time_blocks(application: dict, max_daily_hours: float) -> list[Block]:
    """Rest-day, holiday, overtime and night work need an exception filed with the authority."""
    if form.attached(application.get("exception_filing")):
        return []
    fix = f"如确因专业和岗位有特殊要求，请上传报主管部门备案的材料{cite(national())}"
    blocks = [
        Block("working_time", f"不得安排学生{what}，请调整实习安排；{fix}", field)
        for field, what in WORKING_TIME.items()
        if application.get(field) is True
    ]
    hours = form.amount(application.get("daily_hours"))
    if hours is not None and hours > Decimal(str(max_daily_hours)):
        blocks.append(
            Block(
                "working_time",
                f"每日实习 {form.show(hours)} 小时，超过 {max_daily_hours:g} 小时的部分属于加班，"
                f"请调整每日实习时间；{fix}",
                "daily_hours",
            )
        )
    return blocks


# How often pay may be made: the 2021 rule wants it at least monthly (第十八条).
PAY_CYCLES_OK = ("每月", "每半月", "每周", "每日")
PAY_CYCLES_TOO_LONG = ("每两个月", "每季度", "实习结束后一次性")
# The fees no one may charge a student (the provincial policy's §11 and the 2021 rule).
PROHIBITED_CHARGES = (
    "实习押金",
    "培训费",
    "实习报酬提成",
    "管理费",
    "实习材料费",
    "就业服务费",
)


def pay_blocks(application: dict, min_pay_ratio: float) -> list[Block]:
    """Pay in money, directly, at least monthly, and at least the floor (第十八条)."""
    pay_rule = cite(national(PAY_ARTICLE))
    blocks = []
    method = form.text(application.get("pay_method"))
    if method and method != "货币":
        blocks.append(
            Block(
                "pay_not_in_money",
                f"实习报酬不得以{method}方式支付，应以货币形式直接支付给学生本人，不得以物品、"
                f"代金券等代替货币或经过第三方转发，请修改支付方式{cite(PROVINCE_11, national(PAY_ARTICLE))}",
                "pay_method",
            )
        )
    if not form.is_placement(application.get("kind")):
        return blocks
    cycle = form.text(application.get("pay_cycle"))
    if cycle not in PAY_CYCLES_OK:
        what = f"支付周期为“{cycle}”" if cycle else "未填写报酬支付周期"
        blocks.append(
            Block(
                "pay_cycle",
                f"岗位实习报酬原则上支付周期不得超过1个月，{what}，请改为每月或更短的周期{pay_rule}",
                "pay_cycle",
            )
        )
    below = pay_below_floor(application, min_pay_ratio)
    if below:
        blocks.append(Block("pay_below_ratio", below + pay_rule, "pay_per_month"))
    return blocks


def pay_below_floor(application: dict, min_pay_ratio: float) -> str:
    """Why the monthly pay is too low, or "": it must reach the set share of the same post's wage
    or the unit's lowest wage grade (最低档工资标准), whichever the unit names; either suffices."""
    pay = form.amount(application.get("pay_per_month"))
    wage = form.amount(application.get("same_post_wage"))
    lowest = form.amount(application.get("lowest_grade_wage"))
    floor = wage * Decimal(str(min_pay_ratio)) if wage and wage > 0 else None
    if pay is None or floor is None or pay >= floor:
        return ""
    if lowest and lowest > 0 and pay >= lowest:
        return ""
    alternative = (
        f"，也低于本单位最低档工资标准 {form.show(lowest)} 元" if lowest and lowest > 0 else ""
    )
    return (
        f"岗位实习报酬每月 {form.show(pay)} 元，低于本单位相同岗位工资标准 {form.show(wage)} 元"
        f"的 {form.percent(min_pay_ratio)}（{form.show(floor)} 元）{alternative}；报酬原则上应不低于"
        "相同岗位工资标准的该比例或最低档工资标准，请提高实习报酬"
    )


def fee_blocks(application: dict) -> list[Block]:
    fees = fee_names(application.get("fees"))
    if not fees:
        return []
    message = (
        f"不得向学生收取{'、'.join(PROHIBITED_CHARGES)}或者其他形式的实习费用，不得扣押证件、"
        f"要求担保或从报酬中抵扣保险费；请取消：{'、'.join(fees)}{cite(PROVINCE_11, national())}"
    )
    return [Block("student_fees", message, "fees")]


def fee_names(value: object) -> list[str]:
    """The fees on the form; a lone value rather than a list still counts."""
    items = value if isinstance(value, list) else [value]
    return [str(item).strip() for item in items if item and str(item).strip()]


def insurance_blocks(application: dict) -> list[Block]:
    blocks = [
        Block(
            "no_liability_insurance",
            f"请为实习学生投保实习责任保险并填写{label}{cite(PROVINCE_11)}",
            field,
        )
        for field, label in (("insurance_policy_no", "保单号"), ("insurer", "承保保险公司"))
        if not form.text(application.get(field))
    ]
    placement = form.period(application)
    if placement:
        blocks += insurance_gap_blocks(application, *placement)
    if form.text(application.get("premium_paid_by")) == "学生":
        blocks.append(
            Block(
                "premium_charged_to_students",
                f"实习责任保险费不得由学生承担，请改由学校或实习单位支付{cite(PROVINCE_11)}",
                "premium_paid_by",
            )
        )
    return blocks


def insurance_gap_blocks(application: dict, start: date, end: date) -> list[Block]:
    covers_from = form.day(application.get("insurance_start"))
    covers_to = form.day(application.get("insurance_end"))
    blocks = []
    if covers_from is None or covers_from > start:
        blocks.append(
            Block(
                "insurance_gap",
                f"实习责任保险须覆盖整个实习期，保险起始日应不晚于实习开始日 {start}，"
                f"请调整保险期间{cite(PROVINCE_11)}",
                "insurance_start",
            )
        )
    if covers_to is None or covers_to < end:
        blocks.append(
            Block(
                "insurance_gap",
                f"实习责任保险须覆盖整个实习期，保险终止日应不早于实习结束日 {end}，"
                f"请调整保险期间{cite(PROVINCE_11)}",
                "insurance_end",
            )
        )
    return blocks
