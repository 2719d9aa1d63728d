"""The students on an internship application: ID numbers, the age-16 and first-year blocks, work
forbidden to minors or to women, who needs guardian consent (§11) and their guardians' data."""

from __future__ import annotations

from datetime import date

from webapp.identifiers import is_mobile, sex_of
from webapp.processes.internship_approval.rules import application as form
from webapp.processes.internship_approval.rules.articles import (
    PROHIBITIONS_ARTICLE,
    PROVINCE_11,
    cite,
    national,
)
from webapp.processes.internship_approval.rules.findings import Block
from webapp.processes.internship_approval.rules.identifiers import (
    age_on,
    birth_date,
    validate_id_number,
)

MIN_AGE = 16
ADULT_AGE = 18
# A mainland mobile number: 11 digits, 1 then 3–9 (no landlines, no country code).
# Post attributes (a tick each on the form) and who may not work there (第十六条 (三)(四)).
MINOR_FORBIDDEN = "minor_forbidden"
FEMALE_FORBIDDEN = "female_forbidden"


def student_blocks(
    application: dict, first_year_grade: int = 1, consent_for_all_placements: bool = False
) -> list[Block]:
    """Invalid ID numbers in any internship; under 16, first year, forbidden work and missing
    guardian data in 岗位实习 only (认识实习 needs no consent)."""
    placement = form.is_placement(application.get("kind"))
    start = form.day(application.get("start_date"))
    kind = application.get("kind") or ""
    blocks = []
    for index, student in enumerate(form.rows(application, "students")):
        blocks += _id_blocks(index, student)
        if not placement:
            continue
        blocks += _placement_blocks(index, student, start, first_year_grade)
        blocks += _forbidden_work_blocks(index, student, start, form.rows(application, "posts"))
        if start and needs_consent(student, kind, start, consent_for_all_placements):
            blocks += guardian_blocks(index, student)
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
    return is_minor(student, start_date)


def is_minor(student: dict, start_date: date | str | None) -> bool:
    """Under 18 on the start date; a student whose age cannot be read counts as a minor."""
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
    article = national(PROHIBITIONS_ARTICLE)
    if age is not None and age < MIN_AGE:
        blocks.append(
            Block(
                "under_16",
                f"不得安排未满16周岁学生参加岗位实习：{_who(index, student)}在实习开始日 {start} "
                f"未满16周岁，请将其移出名单或改期{cite(PROVINCE_11, article)}",
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
                f"请将其移出名单{cite(article)}",
                f"students.{index}.grade",
                index,
            )
        )
    return blocks


def _forbidden_work_blocks(
    index: int, student: dict, start: date | None, posts: list[dict]
) -> list[Block]:
    """A minor on a post marked 未成年工禁忌从事的劳动, a female student on one marked
    女职工禁忌从事的劳动 (sex from the ID number's 17th digit)."""
    if validate_id_number(student.get("id_number")):
        return []  # the ID number block already says what to fix
    minor = start is not None and _age(student, start) < ADULT_AGE
    female = sex_of(student["id_number"]) == "女"
    checks = (
        (minor, MINOR_FORBIDDEN, "minor_forbidden_work", "未满18周岁", "未成年工禁忌从事的劳动"),
        (female, FEMALE_FORBIDDEN, "female_forbidden_work", "为女生", "女职工禁忌从事的劳动"),
    )
    blocks = []
    for applies, attribute, rule, what, labour in checks:
        marked = [_post_name(i, post) for i, post in enumerate(posts) if post.get(attribute)]
        if applies and marked:
            blocks.append(
                Block(
                    rule,
                    f"不得安排{_label(rule)}从事{labour}：{_who(index, student)}{what}，岗位"
                    f"“{'、'.join(marked)}”属于{labour}，请调整其岗位或将其移出名单"
                    f"{cite(national(PROHIBITIONS_ARTICLE))}",
                    f"students.{index}.id_number",
                    index,
                )
            )
    return blocks


def _label(rule: str) -> str:
    return "未成年学生" if rule == "minor_forbidden_work" else "女学生"


def _post_name(index: int, post: dict) -> str:
    return form.text(post.get("post_name")) or f"第{index + 1}个岗位"


def guardian_blocks(index: int, student: dict) -> list[Block]:
    """A student whose guardian must consent needs the guardian's name, relationship and a
    mainland mobile number: the letter is addressed to them and the link sent to that phone."""
    who = f"{_who(index, student)}需监护人知情同意"
    blocks = []
    for field, label in (("guardian_name", "监护人姓名"), ("guardian_relation", "与学生关系")):
        if not form.text(student.get(field)):
            blocks.append(
                Block(
                    "guardian_missing",
                    f"{who}，请填写{label}{cite(national())}",
                    f"students.{index}.{field}",
                    index,
                )
            )
    phone = form.text(student.get("guardian_phone")).replace(" ", "").replace("-", "")
    if not is_mobile(phone):
        problem = f"监护人手机号“{phone}”无效" if phone else "未填写监护人手机号"
        blocks.append(
            Block(
                "guardian_phone",
                f"{who}，{problem}，请填写11位中国大陆手机号（1开头，第二位为3–9）",
                f"students.{index}.guardian_phone",
                index,
            )
        )
    return blocks
