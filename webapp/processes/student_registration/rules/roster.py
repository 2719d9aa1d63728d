"""The new students of a batch checked against the 学籍 registry (policy §9): no double
registration (双重学籍), nobody still in compulsory education, nobody registered at a 普通高中,
技工学校 or 普通高等学校. Pure: the registry lookup comes in the context (hooks.rule_context)."""

from __future__ import annotations

from webapp.identifiers import compact, validate_id_number
from webapp.sources import policy_article

SOURCE = f"（{policy_article('九')}）"
STUDYING = "在籍在校"
HELD = (STUDYING, "休学")  # a 中职 registration that still counts
OTHER_STAGES = ("普通高中", "技工学校", "普通高等学校")
MAX_STUDENTS = 5000


def registration_problem(
    records: list[dict], own_code: str, _names: dict | None = None
) -> str | None:
    """Why a student with these registrations may not be registered now, naming the rule. Of
    another school's registration only the rule is said, never which school or what status: a
    school may check its own new students, not look up anyone's."""
    for record in records:
        stage, status = record.get("stage"), record.get("status")
        own = record.get("school_code") == own_code
        if stage == "义务教育" and status == STUDYING:
            return f"该学生仍有义务教育阶段的在籍学籍，未完成义务教育前严禁注册中职学籍{SOURCE}"
        if stage in OTHER_STAGES and status == STUDYING:
            return f"该学生另有{stage}在籍学籍，严禁在中职学籍系统为其注册学籍{SOURCE}"
        if stage == "中职" and status in HELD and own:
            return f"该学生已有本校中职学籍（{status}），不是本批新生；复学请登记学籍异动"
        if stage == "中职" and status in HELD:
            return (
                f"该学生已有其他学校的中职学籍，严禁注册“双重学籍”{SOURCE}；"
                "确为转学的，须由原学校办理转学学籍异动，有疑问请联系市教育局核实"
            )
    return None


def _rows(data: dict) -> list[tuple[int, dict]]:
    rows = data.get("students")
    if not isinstance(rows, list):
        return []
    return [(i, row) for i, row in enumerate(rows) if isinstance(row, dict)]


def validate_roster(data: dict, context: dict) -> dict[str, str]:
    """Field errors for the batch's list of new students ({students.N.id_number: message})."""
    rows = _rows(data)
    errors: dict[str, str] = {}
    seen: dict[str, int] = {}
    for index, row in rows:
        raw = row.get("id_number")
        if not isinstance(raw, str) or not raw.strip():
            continue  # the schema reports a missing number
        problem = validate_id_number(raw)
        number = compact(raw)
        if problem is None and number in seen:
            problem = f"与第 {seen[number] + 1} 行的身份证号重复"
        if problem:
            errors[f"students.{index}.id_number"] = problem
        seen.setdefault(number, index)
    lookup = context.get("registrations")
    good = [(i, row) for i, row in rows if f"students.{i}.id_number" not in errors]
    if lookup is None or not good:
        return errors
    found = lookup([compact(row.get("id_number")) for _i, row in good])
    own = context.get("own_code", "")
    for index, row in good:
        problem = registration_problem(found.get(compact(row.get("id_number")), []), own)
        if problem:
            errors[f"students.{index}.id_number"] = problem
    return errors


def count_problem(data: dict) -> dict[str, str]:
    count, rows = data.get("student_count"), data.get("students")
    if isinstance(count, int) and isinstance(rows, list) and rows and count != len(rows):
        return {
            "student_count": f"新生人数（{count}）与新生名单的人数（{len(rows)}）不一致，请核对"
        }
    return {}
