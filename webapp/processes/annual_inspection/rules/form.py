"""Rule checks on the inspection forms, after their schema check, for the VALIDATORS registry:
validator(data, today, context) -> {field: Chinese message}."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from webapp.form_values import form_day
from webapp.processes.annual_inspection.rules.indicators import (
    COUNTS,
    INDICATORS,
    MAJOR_TEACHERS,
    amount,
    decimal,
)

ARTICLE = "（中等职业学校设置标准）"
# (part, whole, why the part cannot exceed the whole)
PARTS = (
    ("specialist_teachers", "full_time_teachers", "专业课教师是专任教师的一部分"),
    ("dual_qualified_teachers", "specialist_teachers", "双师型教师从专业课教师中认定"),
    ("senior_title_teachers", "full_time_teachers", "高级职称教师按专任教师统计"),
)
AREAS = ("campus_area", "building_area")
INDICATOR_LABELS = {indicator.key: indicator.label for indicator in INDICATORS}


def validate_self_assessment(
    data: dict, today: date, context: dict | None = None
) -> dict[str, str]:
    """Counts that contradict each other, and areas that are not positive; missing or
    malformed values are left to the form's schema (the rules skip them)."""
    counts = {name: _number(data.get(name)) for name in COUNTS}
    errors: dict[str, str] = {}
    for part, whole, why in PARTS:
        # a negative count is the schema's to name, not a contradiction between two counts
        if _counted(counts[part]) and _counted(counts[whole]) and counts[part] > counts[whole]:
            errors[part] = (
                f"“{_label(part)}”（{_show(part, counts[part])}）不能多于"
                f"“{_label(whole)}”（{_show(whole, counts[whole])}）：{why}，请核对{ARTICLE}"
            )
    for area in AREAS:
        if counts[area] is not None and counts[area] <= 0:
            errors[area] = f"“{_label(area)}”须大于 0，请填写实际面积（m²）"
    errors |= _major_rows(data, counts["full_time_teachers"], (context or {}).get("offered_majors"))
    return errors


def _major_rows(data: dict, teachers: Decimal | None, offered: list | None) -> dict[str, str]:
    """One row for each major the school offers (context "offered_majors": [{code, name}];
    without it, only the rows themselves are checked), none for any other, each count at most
    the school's full-time teachers."""
    names = {major["code"]: major["name"] for major in offered or []}
    errors: dict[str, str] = {}
    seen: set[str] = set()
    for index, row in _rows(data, MAJOR_TEACHERS):
        where = f"{MAJOR_TEACHERS}.{index}"
        code = row.get("major_code")
        if isinstance(code, str) and code.strip():  # else the schema names the missing code
            errors |= _major_row(index, row, code, seen, names if offered is not None else None)
            seen.add(code)
        count = _number(row.get("qualified_teachers"))
        if _counted(count) and _counted(teachers) and count > teachers:
            errors[f"{where}.qualified_teachers"] = (
                f"第{index + 1}行：该专业的教师数（{amount(count, '人')}）不能多于"
                f"专任教师数（{amount(teachers, '人')}）{ARTICLE}"
            )
    missing = [f"{code} {name}" for code, name in names.items() if code not in seen]
    if missing and MAJOR_TEACHERS not in errors:
        errors[MAJOR_TEACHERS] = (
            f"请为每个开设专业填写中级以上职称相关专业专任教师数，尚缺：{'、'.join(missing)}"
            "（《中等职业学校设置标准》第七条）"
        )
    return errors


def _major_row(
    index: int, row: dict, code: str, seen: set[str], names: dict | None
) -> dict[str, str]:
    """The row's major: listed once, one the school offers, under its name (`names` of the
    offered majors, None when unknown)."""
    where = f"{MAJOR_TEACHERS}.{index}"
    if code in seen:
        return {f"{where}.major_code": f"第{index + 1}行：专业代码 {code} 已填报，每个专业填一行"}
    if names is None:
        return {}
    if code not in names:
        return {
            f"{where}.major_code": f"第{index + 1}行：专业代码 {code} 不是本校开设专业，"
            "请删除该行或核对专业设置"
        }
    if row.get("major_name") != names[code]:
        return {
            f"{where}.major_name": f"第{index + 1}行：专业代码 {code} 的专业名称应为“{names[code]}”"
        }
    return {}


def validate_onsite_check(data: dict, today: date, context: dict | None = None) -> dict[str, str]:
    """The on-site check is recorded after it took place, never ahead of it."""
    raw = data.get("onsite_date")
    day = form_day(raw)
    if day is not None and day > today:
        return {"onsite_date": f"核查日期 {raw} 晚于今天，请在现场核查后填写实际日期"}
    return {}


def validate_rectification_report(
    data: dict, today: date, context: dict | None = None
) -> dict[str, str]:
    """Each indicator once, and a new value for every numeric indicator reported."""
    errors: dict[str, str] = {}
    seen: set[str] = set()
    for index, row in _rows(data, "rectification_items"):
        key = row.get("indicator")
        if not isinstance(key, str):
            continue  # the schema names a missing or malformed indicator
        if key in seen:
            errors[f"rectification_items.{index}.indicator"] = (
                f"第{index + 1}行：“{INDICATOR_LABELS.get(key, key)}”已填报，请合并到同一行"
            )
        seen.add(key)
        if key in INDICATOR_LABELS and decimal(row.get("new_value")) is None:
            errors[f"rectification_items.{index}.new_value"] = (
                f"第{index + 1}行：请填写“{INDICATOR_LABELS[key]}”整改后的数值"
            )
    return errors


def _number(value: object) -> Decimal | None:
    """A count or area given as a number; None for what the schema refuses as its type (text,
    a tick), which its own message names."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return decimal(value)


def _counted(number: Decimal | None) -> bool:
    return number is not None and number >= 0


def _rows(data: dict, field: str) -> list[tuple[int, dict]]:
    """(index, row) of a table field's rows; data the schema refused (not a list, a row that is
    not an object) has none, and the others keep their index, so messages name the right row."""
    value = data.get(field)
    if not isinstance(value, list):
        return []
    return [(index, row) for index, row in enumerate(value) if isinstance(row, dict)]


def _label(name: str) -> str:
    return COUNTS[name][0]


def _show(name: str, value: Decimal) -> str:
    return amount(value, COUNTS[name][1])
