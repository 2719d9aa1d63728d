"""Warnings the reviewer must see (RULES.md §2); they do not stop submission.

The limits are the province's settings (internship.max_placement_months, max_interns_unit_percent,
max_interns_post_percent); the messages cite the 2021 rule by name, since the articles holding
the six months, the 10%/20% shares and the major group moved in 2021 and are not confirmed."""

from __future__ import annotations

import calendar
from datetime import date
from decimal import Decimal

from webapp.processes.internship_approval.rules import application as form
from webapp.processes.internship_approval.rules.articles import cite, national
from webapp.processes.internship_approval.rules.findings import ReviewWarning


def warnings(
    application: dict,
    max_months: int = 6,
    max_unit_share: float = 0.10,
    max_post_share: float = 0.20,
) -> list[ReviewWarning]:
    """Long 岗位实习, too many interns for the unit or a post, placements outside the major group.

    Duration and staff shares concern 岗位实习 only; the major group concerns every placement."""
    found = []
    if form.is_placement(application.get("kind")):
        found += _duration(application, max_months)
        found += _unit_share(application, max_unit_share)
        found += _post_share(application, max_post_share)
    return found + _major_group(application)


def add_months(day: date, months: int) -> date:
    """The same day `months` later, or that month's last day if it is shorter (31 Aug → 28 Feb)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _duration(application: dict, max_months: int) -> list[ReviewWarning]:
    placement = form.period(application)
    if placement is None:
        return []
    start, end = placement
    if end < add_months(start, max_months):  # both days count: 1 Mar to 31 Aug is 6 months
        return []
    message = (
        f"岗位实习期 {start} 至 {end} 超过{max_months}个月（本省设定的岗位实习时长），"
        f"请审核安排是否合理{cite(national())}"
    )
    return [ReviewWarning("long_placement", message, "end_date")]


def _interns(application: dict) -> Decimal:
    counts = [form.amount(post.get("interns")) for post in form.rows(application, "posts")]
    total = sum((count for count in counts if count is not None), Decimal(0))
    return total or Decimal(len(form.rows(application, "students")))


def _unit_share(application: dict, share: float) -> list[ReviewWarning]:
    staff, interns = form.amount(application.get("unit_staff_count")), _interns(application)
    if not staff or staff <= 0 or interns <= staff * Decimal(str(share)):
        return []
    message = (
        f"岗位实习学生 {form.show(interns)} 人，超过实习单位在岗职工 {form.show(staff)} 人"
        f"的 {form.percent(share)}，请审核实习单位能否保证指导和安全"
        f"{cite(national())}"
    )
    return [ReviewWarning("unit_share", message, "unit_staff_count")]


def _post_share(application: dict, share: float) -> list[ReviewWarning]:
    found = []
    for index, post in enumerate(form.rows(application, "posts")):
        staff, interns = form.amount(post.get("post_staff")), form.amount(post.get("interns"))
        if not staff or staff <= 0 or interns is None or interns <= staff * Decimal(str(share)):
            continue
        name = form.text(post.get("post_name")) or f"第{index + 1}个岗位"
        message = (
            f"岗位“{name}”安排实习学生 {form.show(interns)} 人，超过该岗位在岗职工"
            f" {form.show(staff)} 人的 {form.percent(share)}，请审核"
            f"{cite(national())}"
        )
        found.append(ReviewWarning("post_share", message, f"posts.{index}.interns"))
    return found


def _major_group(application: dict) -> list[ReviewWarning]:
    found = []
    for index, student in enumerate(form.rows(application, "students")):
        if student.get("major_group_match") is not False:
            continue
        message = (
            f"第{index + 1}行学生{form.text(student.get('name'))}的实习岗位不在其所学专业"
            f"（{form.text(student.get('major'))}）的专业大类内，原则上不得跨专业大类安排实习，"
            f"请审核{cite(national())}"
        )
        found.append(
            ReviewWarning("outside_major_group", message, f"students.{index}.major", index)
        )
    return found
