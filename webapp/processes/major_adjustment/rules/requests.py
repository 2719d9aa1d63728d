"""The school's request forms, one per kind: the rules a schema cannot say."""

from __future__ import annotations

import re
from datetime import date

from webapp.identifiers import compact, validate_id_number

from .sources import MEASURES, STANDARD, cite

# 专业技术职务 of intermediate rank or above (中级及以上).
QUALIFYING_TITLES = ("正高级", "副高级", "中级")
MIN_QUALIFIED_TEACHERS = 2


def validate_add(data: dict, today: date, _context: dict) -> dict[str, str]:
    errors = _teachers(_rows(data.get("teachers")))
    errors |= _intake_year("first_intake_year", data.get("first_intake_year"), today)
    return errors


def _rows(value: object) -> list[dict]:
    """A table's rows as far as they can be read: none when it is not a list, and an empty row
    for one that is not an object (the schema names both; the others keep their row number)."""
    if not isinstance(value, list):
        return []
    return [row if isinstance(row, dict) else {} for row in value]


def _teachers(teachers: list[dict]) -> dict[str, str]:
    errors: dict[str, str] = {}
    seen: dict[str, int] = {}
    for index, row in enumerate(teachers):
        problem = validate_id_number(row.get("id_number"))
        number = compact(row.get("id_number"))
        if problem:
            errors[f"teachers.{index}.id_number"] = problem
        elif number in seen:
            errors[f"teachers.{index}.id_number"] = f"与第 {seen[number] + 1} 行的身份证号重复"
        seen.setdefault(number, index)
    qualified = [
        row
        for row in teachers
        if row.get("full_time") is True and row.get("title") in QUALIFYING_TITLES
    ]
    if len(qualified) < MIN_QUALIFIED_TEACHERS:
        errors["teachers"] = (
            f"增设专业须有至少 {MIN_QUALIFIED_TEACHERS} 名具有本专业（相关专业）中级及以上专业技术职务的"
            f"专任教师，现列出的符合条件者为 {len(qualified)} 名；兼职教师和初级职称教师不计入"
            f"{cite(STANDARD, MEASURES + '第九条')}"
        )
    return errors


def _intake_year(field: str, year: object, today: date) -> dict[str, str]:
    if isinstance(year, int) and not today.year <= year <= today.year + 2:
        return {field: f"首次招生年份应为 {today.year}–{today.year + 2} 年"}
    return {}


def named_experts(text: object) -> list[str]:
    """The usernames the province typed, split on commas (either width), 、 or spaces."""
    return [name for name in re.split(r"[,，、\s]+", str(text or "")) if name]


def validate_invite(data: dict, _today: date, context: dict) -> dict[str, str]:
    """Named experts must be active expert accounts, distinct, no more than the panel's size."""
    names = named_experts(data.get("expert_usernames"))
    unknown = [name for name in names if name not in context["experts"]]
    if unknown:
        return {
            "expert_usernames": f"专家库中没有账号：{'、'.join(unknown)}，请核对（见本页专家库）"
        }
    if len(set(names)) != len(names):
        return {"expert_usernames": "同一位专家只能指定一次"}
    if len(names) > context["expert_count"]:
        return {
            "expert_usernames": f"最多指定 {context['expert_count']} 位专家（设置的评审专家人数）"
        }
    return {}


def _count(value: object) -> int:
    """A number of students the form's schema could accept; 0 for what it refuses (text, a
    tick, a fraction, a negative number), which its own message names."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return 0
    if isinstance(value, float) and not value.is_integer():
        return 0
    return max(int(value), 0)


def validate_adjust(data: dict, _today: date, _context: dict) -> dict[str, str]:
    if not data.get("new_direction") and data.get("new_enrollment") is None:
        return {"new_direction": "请填写调整后的专业方向或招生规模（至少一项）"}
    return {}


def validate_transform(data: dict, today: date, _context: dict) -> dict[str, str]:
    return _intake_year("first_intake_year", data.get("first_intake_year"), today)


def validate_stop(data: dict, today: date, _context: dict) -> dict[str, str]:
    errors: dict[str, str] = {}
    year = data.get("last_intake_year")
    if isinstance(year, int) and not today.year - 5 <= year <= today.year + 1:
        errors["last_intake_year"] = f"最后招生年份应在 {today.year - 5}–{today.year + 1} 年之间"
    enrolled = sum(_count(row.get("students")) for row in _rows(data.get("enrolled")))
    if enrolled and data.get("student_plan") == "none":
        errors["student_plan"] = (
            f"所列在校生共 {enrolled} 人，请选择安置方式（学完原专业或转入其他专业）"
        )
    if enrolled and not data.get("student_plan_file"):
        errors["student_plan_file"] = f"有在校生 {enrolled} 人，须上传在校生安置方案"
    if not enrolled and data.get("student_plan") not in (None, "none"):
        errors["student_plan"] = "所列在校生人数为 0，安置方式请选“无在校生”"
    return errors
