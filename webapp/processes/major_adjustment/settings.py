"""专业动态调整's settings: the yearly window, review deadlines, the expert panel and the
thresholds of the yearly suggestions. RULES.md §3 and MAJORS-AND-SUBSIDY.md: the numbers are our
defaults, not rules (unverified as rules; each setting's help says so)."""

from __future__ import annotations

import re
from functools import partial

from webapp.settings_store.definitions import CrossRule, SettingDef

GROUP = "专业调整"
_DEFAULT_NOT_RULE = "国家和省级文件中未查到具体数值（未核实），本值为系统默认值，可按本省安排调整。"
_majors = partial(SettingDef, group=GROUP)


def month_day(text: str) -> str:
    """A day of the year as "09-01" (also accepts "9-1", "9月1日")."""
    match = re.fullmatch(r"\s*(\d{1,2})\s*(?:-|月)\s*(\d{1,2})\s*日?\s*", text)
    if not match:
        raise ValueError("请按“月-日”填写，如 09-01")
    month, day = int(match[1]), int(match[2])
    days = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
    if not 1 <= month <= 12 or not 1 <= day <= days[month - 1]:
        raise ValueError("没有这一天，请核对月份和日期")
    if (month, day) == (2, 29):
        raise ValueError("平年没有 2 月 29 日，请选其他日期")
    return f"{month:02d}-{day:02d}"


DEFINITIONS: tuple[SettingDef, ...] = (
    _majors("majors.window_opens", "每年申报开始日", "text", "09-01", unit="",
            help="学校每年可在此日起提交专业设置（调、停、转、增）申请（§3：每年调整一次）。" + _DEFAULT_NOT_RULE,
            check=month_day),
    _majors("majors.window_closes", "每年申报截止日", "text", "10-31", unit="",
            help="截止日当天仍可提交；之后的申请须等下一年度。" + _DEFAULT_NOT_RULE, check=month_day),
    _majors("majors.city_review_days", "市级初审期限", "int", 10, 1, 60, "个工作日", _DEFAULT_NOT_RULE),
    _majors("majors.expert_count", "每件申请邀请评审专家", "int", 3, 1, 9, "人", _DEFAULT_NOT_RULE),
    _majors("majors.expert_majority", "专家评审通过所需推荐票数", "int", 2, 1, 9, "票",
            "推荐的专家达到此数即通过专家评审（默认过半数）。" + _DEFAULT_NOT_RULE),
    _majors("majors.expert_review_days", "专家评审期限", "int", 10, 1, 60, "个工作日", _DEFAULT_NOT_RULE),
    _majors("majors.stop_employment_rate_percent", "建议停办的就业率", "percent", 60, 0, 100, "%",
            "某专业连续若干年就业率低于此值时，系统建议学校停办或调整（§3“就业率低”）。" + _DEFAULT_NOT_RULE),
    _majors("majors.low_employment_years", "就业率连续偏低的年数", "int", 2, 1, 5, "年", _DEFAULT_NOT_RULE),
)  # fmt: skip


def _window_in_one_year(values) -> str | None:
    if str(values["majors.window_opens"]) > str(values["majors.window_closes"]):
        return "每年申报开始日应早于截止日（同一年内）"
    return None


def _majority_within_panel(values) -> str | None:
    needed, panel = int(values["majors.expert_majority"]), int(values["majors.expert_count"])
    if needed > panel:
        return "通过所需推荐票数不能多于邀请的专家人数"
    if needed * 2 <= panel:
        return f"通过所需推荐票数应过半数：{panel} 位专家至少需 {panel // 2 + 1} 票"
    return None


RULES: tuple[CrossRule, ...] = (
    CrossRule(("majors.window_opens", "majors.window_closes"), _window_in_one_year),
    CrossRule(("majors.expert_count", "majors.expert_majority"), _majority_within_panel),
)
