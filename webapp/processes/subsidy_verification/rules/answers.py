"""The school's forms: a list must be on file before it is sent, and every flag answered."""

from __future__ import annotations

from datetime import date


def validate_submit(_data: dict, _today: date, context: dict) -> dict[str, str]:
    if context.get("pending_job"):
        return {"_form": "名单仍在后台检查中，请稍候刷新本页，检查完成后再提交"}
    if not context.get("recipients"):
        return {"_form": "还没有上传资助名单：请先在本页“资助名单”中上传名单文件"}
    return {}


def validate_answers(_data: dict, _today: date, context: dict) -> dict[str, str]:
    if context.get("pending_job"):
        return {"_form": "名单仍在后台检查中，请稍候刷新本页"}
    waiting = context.get("unanswered", [])
    if waiting:
        shown = "、".join(f"第 {line} 行" for line in waiting[:10])
        more = f"等 {len(waiting)} 条" if len(waiting) > 10 else ""
        return {"_form": f"还有疑点未处理：{shown}{more}。请逐条删除，或保留并写明理由"}
    return {}


def _new_flags(decision_field: str, data: dict, context: dict) -> dict[str, str]:
    """A flag that appeared after the school answered (another school listed the same student
    later) stops approval until the school has dealt with it."""
    waiting = context.get("unanswered", [])
    if data.get(decision_field) != "approve" or not waiting:
        return {}
    shown = "、".join(f"第 {line} 行" for line in waiting[:10])
    more = f"等 {len(waiting)} 行" if len(waiting) > 10 else ""
    return {
        decision_field: f"名单{shown}{more}在学校处理后出现了新的疑点（如他校同期名单中有同一学生），"
        "学校尚未处理：请退回，由学校删除或说明后重新报送"
    }


def validate_city(data: dict, _today: date, context: dict) -> dict[str, str]:
    return _new_flags("city_decision", data, context)


def validate_province(data: dict, _today: date, context: dict) -> dict[str, str]:
    return _new_flags("province_decision", data, context)
