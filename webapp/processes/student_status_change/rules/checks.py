"""The checks of 学籍异动's forms, as field → Chinese message.

Context (hooks.rule_context): `find(student_no, id_number)` → the school's 中职 registration as a
record or None; `open_case(id_number)` → the title of a running change of that student or "";
`school(code)` → {id, name, city_id, active} of one of our schools or None; `own_code`; `offered`
{major code: {name, status}} of the case's school; `receiving_offered` the same of a transfer's
receiving school; `case` the running case's data (empty at the start)."""

from __future__ import annotations

from datetime import date

from webapp.form_values import form_day
from webapp.identifiers import compact, validate_id_number
from webapp.sources import STATUS_RULES, policy_article

from .kinds import KINDS, MAX_RETURNS, required_statuses

SOURCE = f"（{policy_article('九')}、{STATUS_RULES}）"
ENROLLING = "enrolling"


def _registration_errors(data: dict, context: dict) -> dict[str, str]:
    student_no, id_number = compact(data.get("student_no")), compact(data.get("id_number"))
    record = context["find"](student_no, id_number)
    if record is None:
        return {
            "student_no": f"本校中职学籍中没有学籍号为 {student_no}、身份证号为 {id_number} 的学生。"
            "请对照全国中等职业学校学生管理信息系统核对；新近注册的学生须待学籍数据导入后再登记"
        }
    errors = {}
    name = str(data.get("student_name") or "").strip()
    if name and name != record["name"]:
        errors["student_name"] = f"学籍中该学生的姓名为“{record['name']}”，请核对"
    kind = data.get("change_type")
    allowed = required_statuses(kind) if isinstance(kind, str) and kind in KINDS else ()
    if allowed and record["status"] not in allowed:
        errors["change_type"] = (
            f"该学生的学籍状态为“{record['status']}”，不能办理“{KINDS[kind]}”"
            f"（须为“{'”或“'.join(allowed)}”）{SOURCE}"
        )
    running = context["open_case"](id_number)
    if running:
        errors["id_number"] = f"该学生已有未办结的学籍异动“{running}”，请待其办结后再登记"
    return errors


def _receiving_errors(data: dict, context: dict) -> dict[str, str]:
    code = compact(data.get("receiving_school_code"))
    if data.get("change_type") != "transfer" or not code:
        return {}
    if code == context["own_code"]:
        return {"receiving_school_code": "转入学校不能是本校；本校内调整专业请选择“转专业”"}
    school = context["school"](code)
    if school is None:
        return {
            "receiving_school_code": f"本省没有代码为 {code} 的中等职业学校，请核对；"
            "转往外省的学生请按转入省份的规定办理"
        }
    if not school["active"]:
        return {"receiving_school_code": f"{school['name']}已停用，不能接收转学学生"}
    return {}


def validate_start(data: dict, today: date, context: dict) -> dict[str, str]:
    """Who and what: the student must hold this school's 中职 registration in a status the
    change applies to, with no other change running; a transfer names another of our schools."""
    errors: dict[str, str] = {}
    if data.get("id_number"):
        problem = validate_id_number(data["id_number"])
        if problem:
            errors["id_number"] = problem
    if not errors and data.get("student_no") and data.get("id_number"):
        errors |= _registration_errors(data, context)
    return _receiving_errors(data, context) | errors


def _date_errors(data: dict, today: date, kind: str) -> dict[str, str]:
    """A change is recorded once it has happened: an approved one changes the registry the
    subsidy checks read at once, so a date ahead would make the registry wrong until then."""
    day = form_day(data.get("effective_on"))
    if day is None or day <= today:
        return {}
    what = KINDS.get(kind, "异动")
    return {"effective_on": f"{what}日期不能晚于今天（{today.isoformat()}）：请在异动发生后登记"}


def _major_errors(code: str, offered: dict, field: str, who: str) -> dict[str, str]:
    major = offered.get(code)
    if major is None:
        return {field: f"{who}未开设代码为 {code} 的专业，请对照“开设专业”页面填写{SOURCE}"}
    if major["status"] != ENROLLING:
        return {field: f"{who}的“{major['name']}”专业目前不在招，不能转入"}
    return {}


def validate_submit(data: dict, today: date, context: dict) -> dict[str, str]:
    """The change's date and details: 留级 to a grade no higher than now, 转专业 to another major
    the school enrolls in (the catalogue's own list is checked when the school's list is)."""
    case = context.get("case") or {}
    kind = case.get("change_type", "")
    errors = _date_errors(data, today, kind)
    if kind == "repeat_grade":
        grade, now = data.get("new_grade"), case.get("registered_grade")
        if grade is None:
            errors["new_grade"] = "留级须填写留级后就读年级"
        elif isinstance(grade, int) and isinstance(now, int) and grade > now:
            errors["new_grade"] = f"留级后年级不能高于目前年级（{now} 年级）"
    if kind == "change_major":
        code = str(data.get("target_major_code") or "")
        if not code:
            errors["target_major_code"] = "转专业须填写转入专业代码"
        elif code == case.get("registered_major"):
            errors["target_major_code"] = "转入专业与学生目前的专业相同"
        else:
            errors |= _major_errors(code, context.get("offered") or {}, "target_major_code", "本校")
    return errors


def validate_correction(data: dict, today: date, context: dict) -> dict[str, str]:
    if data.get("correction_action") != "resubmit":
        return {}
    return validate_submit(data, today, context)


def validate_receiving(data: dict, _today: date, context: dict) -> dict[str, str]:
    code = str(data.get("receiving_major_code") or "")
    if data.get("receiving_decision") != "accept" or not code:
        return {}
    offered = context.get("receiving_offered") or {}
    return _major_errors(code, offered, "receiving_major_code", "本校")


def validate_city(data: dict, _today: date, context: dict) -> dict[str, str]:
    returns = (context.get("case") or {}).get("returns") or 0
    if data.get("city_decision") == "return" and returns >= MAX_RETURNS:
        return {
            "city_decision": f"本次异动已退回补正 {returns} 次，不能再退回；请作出核准或不予核准的决定"
        }
    return {}
