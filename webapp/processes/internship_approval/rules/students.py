"""The students on an internship application: ID numbers, the age-16 and first-year blocks,
and who needs guardian consent (§11)."""

from __future__ import annotations

from datetime import date

from webapp.processes.internship_approval.rules import application as form
from webapp.processes.internship_approval.rules.articles import PROVINCE_11, cite, national
from webapp.processes.internship_approval.rules.findings import Block
from webapp.processes.internship_approval.rules.identifiers import (
    age_on,
    birth_date,
    validate_id_number,
)

MIN_AGE = 16
ADULT_AGE = 18


def student_blocks(application: dict, first_year_grade: int = 1) -> list[Block]:
    """Invalid ID numbers in any internship; under 16 or first year in 岗位实习 only."""
    placement = form.is_placement(application.get("kind"))
    start = form.day(application.get("start_date"))
    blocks = []
    for index, student in enumerate(form.rows(application, "students")):
        blocks += _id_blocks(index, student)
        if placement:
            blocks += _placement_blocks(index, student, start, first_year_grade)
    return blocks


def needs_consent(
    student: dict, kind: str, start_date: date | str, consent_for_all_placements: bool = False
) -> bool:
    """Whether the student's guardian must consent: under 18 on the start date in 岗位实习, or
    every 岗位实习 student when the province's setting is on; never for 认识实习.

    A student whose age cannot be read (bad ID number or start date) needs consent."""
    if not form.is_placement(kind):
        return False
    if consent_for_all_placements:
        return True
    start = form.day(start_date)
    age = _age(student, start) if start else None
    return age is None or age < ADULT_AGE


def _age(student: dict, day: date) -> int | None:
    id_number = student.get("id_number")
    if validate_id_number(id_number):
        return None
    return age_on(birth_date(id_number), day)


def _who(index: int, student: dict) -> str:
    return f"第{index + 1}行学生{form.text(student.get('name'))}"


def _id_blocks(index: int, student: dict) -> list[Block]:
    error = validate_id_number(student.get("id_number"))
    if not error:
        return []
    message = f"{_who(index, student)}：{error}"
    return [Block("invalid_id_number", message, f"students.{index}.id_number", index)]


def _placement_blocks(
    index: int, student: dict, start: date | None, first_year_grade: int
) -> list[Block]:
    blocks = []
    age = _age(student, start) if start else None
    if age is not None and age < MIN_AGE:
        blocks.append(
            Block(
                "under_16",
                f"不得安排未满16周岁学生参加岗位实习：{_who(index, student)}在实习开始日 {start} "
                f"未满16周岁，请将其移出名单或改期{cite(PROVINCE_11, national('第十六条'))}",
                f"students.{index}.id_number",
                index,
            )
        )
    grade = form.amount(student.get("grade"))
    if grade is not None and grade <= first_year_grade:
        blocks.append(
            Block(
                "first_year",
                f"不得安排一年级学生参加岗位实习：{_who(index, student)}为{grade}年级，"
                f"请将其移出名单{cite(national('第十六条'))}",
                f"students.{index}.grade",
                index,
            )
        )
    return blocks
