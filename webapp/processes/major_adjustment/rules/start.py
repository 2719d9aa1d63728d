"""What is checked when a school starts a request: the kind, the major against the catalogue
and the school's list, the school's standing and the yearly window.

Context (hooks.rule_context): catalogue {code: {name, controlled}} valid today; offered
{code: {name, status}} of the school; open_cases {code: title} of its undecided requests;
standing and standing_label; window (opens, closes) as dates of this year.
"""

from __future__ import annotations

from datetime import date

from .sources import CATALOGUE, INSPECTION, POLICY_3, cite

KINDS = {"add": "增设", "adjust": "调整", "transform": "改造升级", "stop": "停办"}
# Standings under which a school may not open a major (the annual inspection's sanctions).
NO_NEW_MAJORS = ("enrollment_stopped", "enrollment_revoked")
CURRENT = ("enrolling", "paused")  # 在招 / 停招: offered; 撤销 is no longer offered


def _day(when: date) -> str:
    return f"{when.year}年{when.month}月{when.day}日"


def window_notice(today: date, window: tuple[date, date]) -> str | None:
    """Why a request cannot be filed today (outside the yearly window), saying when it opens."""
    opens, closes = window
    if opens <= today <= closes:
        return None
    next_open = opens if today < opens else opens.replace(year=opens.year + 1)
    return (
        f"专业设置申请每年受理一次，本年度受理时间为 {_day(opens)} 至 {_day(closes)}；"
        f"现在不在受理期内，下一次受理自 {_day(next_open)} 起{cite(POLICY_3)}。"
    )


def validate_start(data: dict, today: date, context: dict) -> dict[str, str]:
    errors: dict[str, str] = {}
    notice = window_notice(today, context["window"])
    if notice:
        errors["_form"] = notice
    # What the schema refuses (not text) reads as missing: its own message names the field.
    kind, code, target = (_text(data.get(f)) for f in ("kind", "major_code", "target_code"))
    catalogue, offered = context["catalogue"], context["offered"]
    current = {c: m for c, m in offered.items() if m["status"] in CURRENT}
    if kind in ("add", "transform") and context.get("standing") in NO_NEW_MAJORS:
        errors["kind"] = (
            f"学校现处于“{context['standing_label']}”状态，不能增设或改造升级专业；"
            f"整改验收合格、省教育厅解除处理后方可申请{cite(INSPECTION)}"
        )
    if code and kind == "add":  # a missing code: the schema asks for it
        errors |= _new_major("major_code", code, catalogue, current)
    elif code and kind in ("adjust", "transform", "stop") and code not in current:
        errors["major_code"] = (
            f"本校目前没有开设专业 {code}，{KINDS[kind]}只能针对本校在招或停招的专业，"
            "请从本校开设专业中选择"
        )
    if kind in KINDS and kind != "transform" and target:
        errors["target_code"] = "仅“改造升级”填写改造后的专业代码，其他类别请留空"
    errors |= _in_progress(
        {"major_code": code, "target_code": target}, context.get("open_cases", {})
    )
    if kind == "transform":
        if not target:
            errors["target_code"] = "改造升级须填写改造后的目录专业代码"
        elif target == code:
            errors["target_code"] = "改造后的专业应不同于原专业"
        else:
            errors |= _new_major("target_code", target, catalogue, current)
    return errors


def _in_progress(data: dict, open_cases: dict) -> dict[str, str]:
    """open_cases: {major code: case title} of the school's requests not yet decided; a major
    (or a transform's target) may be in one request at a time. Each field is checked."""
    errors = {}
    for field in ("major_code", "target_code"):
        code = data.get(field)
        if code and code in open_cases:
            errors[field] = (
                f"专业 {code} 已有办理中的申请（{open_cases[code]}），"
                "请待其办结后再申请，或在该申请中修改"
            )
    return errors


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""


def _new_major(field: str, code: object, catalogue: dict, current: dict) -> dict[str, str]:
    if code not in catalogue:
        return {
            field: f"专业代码 {code} 不在现行中等职业教育专业目录中，请按目录填写 6 位专业代码"
            f"{cite(CATALOGUE)}"
        }
    if code in current:
        return {field: f"本校已开设 {code} {current[code]['name']}，不能重复增设"}
    return {}
