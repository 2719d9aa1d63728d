"""The school's forms: a list must be on file and publicised in the school for long enough
before it is sent, and every flag answered; the city and the province approve no list with a
flag left unanswered."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from webapp.form_values import form_day


def _publicity(data: dict, today: date, context: dict) -> dict[str, str]:
    """The in-school 公示 (MAJORS-AND-SUBSIDY.md: common practice, its length a setting) has
    ended by today and lasted at least the set number of working days, both ends counted.
    Each date is checked on its own, so that both show at once when both are wrong."""
    start, end = form_day(data.get("publicity_from")), form_day(data.get("publicity_to"))
    errors = {}
    if start is not None and (today - start).days > 366:
        errors["publicity_from"] = "公示开始日期应在一年以内，请填写本次名单的公示日期"
    if end is None:
        return errors  # the form's own check names a missing or malformed date
    if start is not None and end < start:
        errors["publicity_to"] = "公示结束日期不能早于开始日期"
    elif end > today:
        errors["publicity_to"] = f"公示到 {end.isoformat()} 才结束，请在公示期满后再报送"
    elif start is not None and not errors:  # a span within the year: count its working days
        needed = int(context.get("publicity_days") or 0)
        count: Callable[[date, date], int | None] = context.get(
            "working_days_in", lambda a, b: None
        )
        days = count(start, end)
        if days is not None and days < needed:
            errors["publicity_to"] = (
                f"公示期 {start.isoformat()} 至 {end.isoformat()} 只有 {days} 个工作日，"
                f"应不少于 {needed} 个工作日"
            )
    return errors


def validate_submit(data: dict, today: date, context: dict) -> dict[str, str]:
    """The list (on file, its checks done) and the publicity dates, both in one pass."""
    errors = _publicity(data, today, context)
    if context.get("pending_job"):
        errors["_form"] = "名单仍在后台检查中，请稍候刷新本页，检查完成后再提交"
    elif not context.get("recipients"):
        errors["_form"] = "还没有上传资助名单：请先在本页“资助名单”中上传名单文件或在线填写"
    return errors


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
