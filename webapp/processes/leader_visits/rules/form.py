"""Checks on one recorded visit beyond its form's schema: the day lies in the case's semester and
not in the future, and a linked internship case is one of the school's own."""

from __future__ import annotations

from datetime import date

from webapp.form_values import form_day


def _date_error(raw: object, today: date, context: dict) -> str | None:
    day = form_day(raw)
    start, end = form_day(context.get("semester_start")), form_day(context.get("semester_end"))
    if day is None or start is None or end is None:
        return None  # the schema names a missing or malformed date
    if day > today:
        return f"日期 {raw} 晚于今天，请登记已经进行的听课或检查"
    if not start <= day <= end:
        label = context.get("semester_label", "本学期")
        return f"日期应在{label}内（{start.isoformat()} 至 {end.isoformat()}），{raw} 不在其中"
    return None


def _case_error(data: dict, context: dict) -> str | None:
    key = str(data.get("internship_case") or "").strip().upper()
    if not key:
        return None
    if data.get("kind") != "site":
        return "只有检查实习单位可以关联实习备案，听课请留空"
    if key not in set(context.get("internship_cases") or ()):
        return f"未找到本校的实习备案 {key}，请填写本校实习备案的编号（如 SX-2026-00042）"
    return None


def validate_visit(data: dict, today: date, context: dict | None = None) -> dict[str, str]:
    """Field errors (Chinese) for one visit; `context` from the rule_context hook holds the
    semester's dates and the business keys of the school's internship cases."""
    context = context or {}
    errors = {}
    date_error = _date_error(data.get("visit_date"), today, context)
    if date_error:
        errors["visit_date"] = date_error
    case_error = _case_error(data, context)
    if case_error:
        errors["internship_case"] = case_error
    return errors
