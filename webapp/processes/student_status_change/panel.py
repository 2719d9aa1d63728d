"""The case and task pages' summary of a 学籍异动: who, what, and what it did to the registry."""

from __future__ import annotations

from webapp.display import datetime_text
from webapp.models import ProcessInstance
from webapp.student_registry.changes import applied

OUTCOMES = {
    "approved": "已核准，学籍库已更新",
    "rejected": "不予核准",
    "refused": "转入学校不同意接收",
    "withdrawn": "学校已撤回",
}
LABELS = {
    "status": "学籍状态",
    "grade": "年级",
    "major_code": "专业代码",
    "school_code": "学校代码",
}


def _rows(before: dict, after: dict) -> list[tuple[str, str, str]]:
    """Changed fields as (label, before, after); a transfer shows the new school's row."""
    moved = after.get("转入")
    if moved:
        after = after.get("转出", {})
    rows = [
        (label, str(before.get(field) or "—"), str(after.get(field) or "—"))
        for field, label in LABELS.items()
        if before.get(field) != after.get(field)
    ]
    if moved:
        rows.append(("转入学校代码", "—", str(moved.get("school_code", ""))))
        rows.append(("转入后专业", "—", str(moved.get("major_code") or "—")))
    return rows


def case_panel(instance: ProcessInstance, _user) -> dict:
    data = instance.data or {}
    change = applied(instance.id)
    return {
        "data": data,
        "outcome": OUTCOMES.get(data.get("outcome", ""), ""),
        "change": change,
        "change_time": datetime_text(change.changed_at) if change else "",
        "change_rows": _rows(change.before, change.after) if change and not change.note else [],
    }
