"""Every known setting: its label, kind, default and allowed range, grouped as the page shows them."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import partial
from typing import Literal

Kind = Literal["int", "decimal", "percent", "duration_days", "bool", "text", "choice"]
Value = int | float | bool | str

# Units written straight after the number ("80%", "20:1"); others take a space ("7 天").
TIGHT_UNITS = ("%", ":1")


@dataclass(frozen=True)
class SettingDef:
    key: str
    label: str
    kind: Kind
    default: Value
    minimum: int | float | None = None
    maximum: int | float | None = None
    unit: str = ""
    help: str = ""
    group: str = field(default="", kw_only=True)
    choices: tuple[tuple[str, str], ...] = field(default=(), kw_only=True)
    # For "text": turns the stripped input into the stored text, or raises ValueError (Chinese).
    check: Callable[[str], str] | None = field(default=None, kw_only=True)

    def show(self, value: Value) -> str:
        """The value as the page shows it, with its unit: "7 天", "80%", "是"."""
        if self.kind == "bool":
            return "是" if value else "否"
        if self.kind == "choice":
            return dict(self.choices).get(str(value), str(value))
        number = number_text(value)
        if not self.unit:
            return number
        return f"{number}{self.unit}" if self.unit in TIGHT_UNITS else f"{number} {self.unit}"

    def form_text(self, value: Value) -> str:
        """The value as an input holds it: "1"/"0" for a checkbox, digits without separators."""
        if self.kind == "bool":
            return "1" if value else "0"
        return str(value)


def number_text(value: Value) -> str:
    """Large whole numbers with thousands separators, so 3000000 reads as 3,000,000."""
    return f"{value:,}" if isinstance(value, int) and value >= 10000 else str(value)


@dataclass(frozen=True)
class CrossRule:
    """A rule between settings: `check` gets all values and returns a Chinese error or None."""

    keys: tuple[str, ...]
    check: Callable[[Mapping[str, Value]], str | None]


def day_list(text: str) -> str:
    """Reminder days as "30,7,1": distinct whole days from 1 to 365, largest first.

    Accepts the Chinese comma and 、 too, so "30，7、1" is stored as "30,7,1".
    """
    parts = [part.strip() for part in re.split("[,，、]", text)]
    if not text or any(not part.isdecimal() for part in parts):
        raise ValueError("请填写用逗号分隔的正整数天数，如 30,7,1")
    days = [int(part) for part in parts]
    if any(not 1 <= day <= 365 for day in days):
        raise ValueError("每个提醒天数须在 1–365 天之间")
    if len(set(days)) != len(days):
        raise ValueError("提醒天数不能重复")
    return ",".join(str(day) for day in sorted(days, reverse=True))


INTERNSHIP = "实习管理"
INSPECTION = "办学资质年检"
REGISTRY_AND_SUBSIDY = "学籍与资助"
MAJORS = "专业调整"

_internship = partial(SettingDef, group=INTERNSHIP)
_inspection = partial(SettingDef, group=INSPECTION)
_registry = partial(SettingDef, group=REGISTRY_AND_SUBSIDY)
_majors = partial(SettingDef, group=MAJORS)

_WARNING_ONLY = "超过时向审核人提示，不阻止提交。"
_STANDARD = "中等职业学校设置标准指标，年检自查报告按此评定（§8）。"

DEFINITIONS: tuple[SettingDef, ...] = (
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
    _inspection("inspection.rectification_days", "整改期限", "duration_days", 90, 7, 365, "天",
                "自整改通知书下发之日起计算（§8）。"),
    _inspection("inspection.sanction_interval_days", "拒不整改处理的升级间隔", "duration_days", 90, 7, 365, "天",
                "拒不整改的，每再逾期一个间隔升一级：缩减招生计划、暂停新生学籍注册、停止招生。"),
    _inspection("inspection.enrollment_cut_percent", "缩减招生计划的比例", "percent", 20, 1, 100, "%"),
    _inspection("inspection.reminder_days", "整改到期前提醒", "text", "30,7,1", unit="天",
                help="到期前第几天提醒学校，多个用逗号分隔，如 30,7,1。", check=day_list),
    _inspection("inspection.min_students", "学历教育在校生人数不少于", "int", 1200, 0, 20000, "人", _STANDARD),
    _inspection("inspection.min_teachers", "专任教师人数不少于", "int", 60, 0, 2000, "人"),
    _inspection("inspection.max_student_teacher_ratio", "生师比不高于", "decimal", 20, 1, 100, ":1"),
    _inspection("inspection.min_specialist_percent", "专业课教师占专任教师比例不低于", "percent", 50, 0, 100, "%"),
    _inspection("inspection.min_dual_qualified_percent", "双师型教师占专业课教师比例不低于", "percent", 30, 0, 100, "%"),
    _inspection("inspection.min_senior_title_percent", "高级职称教师占专任教师比例不低于", "percent", 20, 0, 100, "%"),
    _inspection("inspection.min_campus_area", "校园占地面积不少于", "int", 40000, 0, 2_000_000, "m²"),
    _inspection("inspection.min_campus_area_per_student", "生均校园占地面积不少于", "decimal", 33, 0, 1000, "m²/生"),
    _inspection("inspection.min_building_area", "校舍建筑面积不少于", "int", 24000, 0, 2_000_000, "m²"),
    _inspection("inspection.min_building_area_per_student", "生均校舍建筑面积不少于", "decimal", 20, 0, 1000, "m²/生"),
    _inspection("inspection.min_equipment_value", "实训实习设备总值不少于", "int", 3_000_000, 0, 1_000_000_000, "元"),
    _inspection("inspection.min_equipment_per_student", "生均实训实习设备值不少于", "int", 2500, 0, 1_000_000, "元/生"),
    _inspection("inspection.min_books_per_student", "生均纸质图书不少于", "int", 30, 0, 1000, "册/生"),
    _registry("registration.working_days", "新生电子学籍建档期限", "int", 20, 1, 60, "个工作日",
              "入学后若干个工作日内完成（§9）：不计周末和法定节假日，调休上班日计入。"),
    _registry("subsidy.national_grant_yuan", "国家助学金平均资助标准", "int", 2300, 0, 20000, "元/年"),
    _majors("majors.stop_employment_rate_percent", "建议停办的就业率", "percent", 60, 0, 100, "%",
            "某专业连续两年就业率低于此值时，系统建议停办（§3）。"),
)  # fmt: skip

SETTINGS: dict[str, SettingDef] = {definition.key: definition for definition in DEFINITIONS}


def definition(key: str) -> SettingDef:
    """The definition of `key`; a typo raises KeyError rather than quietly using nothing."""
    try:
        return SETTINGS[key]
    except KeyError:
        raise KeyError(f"unknown setting {key!r}") from None


def groups() -> list[tuple[str, list[SettingDef]]]:
    """Sections in the order they were defined, each with its settings in order."""
    sections: dict[str, list[SettingDef]] = {}
    for item in DEFINITIONS:
        sections.setdefault(item.group, []).append(item)
    return list(sections.items())


def _reminder_before_window(values: Mapping[str, Value]) -> str | None:
    reminder = values["internship.consent_reminder_days"]
    window = values["internship.consent_window_days"]
    if reminder < window:
        return None
    return f"提醒须早于答复期限：提醒时间（第 {reminder} 天）须小于监护人知情同意答复期限（{window} 天）"


CROSS_RULES: tuple[CrossRule, ...] = (
    CrossRule(
        ("internship.consent_reminder_days", "internship.consent_window_days"),
        _reminder_before_window,
    ),
)
