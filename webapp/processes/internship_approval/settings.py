"""The internship settings a province may change (RULES.md §2), and the rule between them."""

from __future__ import annotations

from collections.abc import Mapping
from functools import partial

from webapp.settings_store.definitions import CrossRule, SettingDef, Value

GROUP = "实习管理"
_WARNING_ONLY = "超过时向审核人提示，不阻止提交。"
_internship = partial(SettingDef, group=GROUP)

SETTINGS: tuple[SettingDef, ...] = (
    _internship("internship.consent_window_days", "监护人知情同意答复期限", "duration_days", 7, 1, 30, "天",
                "发出同意链接后的答复期限；逾期未答复或不同意的学生移出本次实习，其他学生照常进行（§11）。"),
    _internship("internship.consent_reminder_days", "提醒未答复监护人的时间", "duration_days", 3, 1, 29, "天",
                "发出同意链接后第几天提醒尚未答复的监护人；须小于答复期限。"),
    _internship("internship.consent_for_all_placements", "所有岗位实习学生均需监护人知情同意", "bool", False,
                help="不勾选时，仅实习开始日未满18周岁的学生需要监护人同意（§11）；认识实习均不需要。"),
    _internship("internship.min_pay_ratio", "实习报酬不低于同岗位工资的比例", "percent", 80, 50, 100, "%",
                "低于此比例的申请不能提交（《职业学校学生实习管理规定》第十八条）。"),
    _internship("internship.max_placement_months", "岗位实习时长", "int", 6, 1, 12, "个月", _WARNING_ONLY),
    _internship("internship.max_interns_unit_percent", "实习生占实习单位在岗职工总数的比例", "percent", 10, 1, 100, "%",
                _WARNING_ONLY),
    _internship("internship.max_interns_post_percent", "实习生占同一岗位职工人数的比例", "percent", 20, 1, 100, "%",
                _WARNING_ONLY),
)  # fmt: skip


def _reminder_before_window(values: Mapping[str, Value]) -> str | None:
    reminder = values["internship.consent_reminder_days"]
    window = values["internship.consent_window_days"]
    if reminder < window:
        return None
    return f"提醒须早于答复期限：提醒时间（第 {reminder} 天）须小于监护人知情同意答复期限（{window} 天）"


RULES: tuple[CrossRule, ...] = (
    CrossRule(
        ("internship.consent_reminder_days", "internship.consent_window_days"),
        _reminder_before_window,
    ),
)
