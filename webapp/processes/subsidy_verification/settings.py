"""学生资助核查's settings: which grades and majors each subsidy covers and the amounts per
term. RULES.md §4 and MAJORS-AND-SUBSIDY.md: the 2024 adjustment (grade 3, average 2,300 yuan a
year) is reported, not confirmed against the current 办法; the tiers and the 免学费 scope are
the province's. Each help text says which values are unverified."""

from __future__ import annotations

import re
from functools import partial

from webapp.settings_store.definitions import SettingDef

GROUP = "学籍与资助"
_subsidy = partial(SettingDef, group=GROUP)
UNVERIFIED = "（未核实：以现行办法和本省文件为准，可调整。）"


def tier_list(text: str) -> str:
    """Tiers and their amounts per term as "一档:1650,二档:1150,三档:650" (yuan)."""
    parts = [part.strip() for part in re.split("[,，、]", text) if part.strip()]
    tiers: dict[str, int] = {}
    for part in parts:
        name, _, amount = part.replace("：", ":").partition(":")
        name, amount = name.strip(), amount.strip()
        if not name or not amount.isdecimal() or not 0 < int(amount) <= 100_000:
            raise ValueError("请按“档次:每学期金额”填写，多个用逗号分隔，如 一档:1650,二档:1150")
        if name in tiers:
            raise ValueError(f"档次“{name}”重复")
        tiers[name] = int(amount)
    if not tiers:
        raise ValueError("至少填写一个档次")
    return ",".join(f"{name}:{amount}" for name, amount in tiers.items())


def grade_list(text: str) -> str:
    """Grades as "1,2,3"."""
    parts = [part.strip() for part in re.split("[,，、]", text) if part.strip()]
    if not parts or any(part not in ("1", "2", "3") for part in parts):
        raise ValueError("请填写 1–3 之间的年级，用逗号分隔，如 1,2,3")
    return ",".join(sorted(set(parts)))


def code_list(text: str) -> str:
    """Major codes (6 digits) separated by commas; may be empty."""
    parts = [part.strip() for part in re.split("[,，、\\s]+", text) if part.strip()]
    if any(not re.fullmatch("[0-9]{6}", part) for part in parts):
        raise ValueError("请填写 6 位专业代码，用逗号分隔")
    return ",".join(sorted(set(parts)))


DEFINITIONS: tuple[SettingDef, ...] = (
    _subsidy("subsidy.national_grant_yuan", "国家助学金平均资助标准", "int", 2300, 0, 20000, "元/年",
             "2024 年调整后平均每生每年 2300 元" + UNVERIFIED),
    _subsidy("subsidy.grant_tiers", "国家助学金档次与每学期金额", "text", "一档:1650,二档:1150,三档:650",
             help="各档每学期发放金额（元），名单中的金额须与所填档次一致" + UNVERIFIED, check=tier_list),
    _subsidy("subsidy.grant_grades", "国家助学金资助年级", "text", "1,2,3",
             help="2025 年春季学期起三年级纳入资助" + UNVERIFIED, check=grade_list),
    _subsidy("subsidy.free_tuition_grades", "免学费资助年级", "text", "1,2,3",
             help="全日制正式学籍一至三年级学生" + UNVERIFIED, check=grade_list),
    _subsidy("subsidy.free_tuition_yuan", "免学费每学期补助标准", "int", 1000, 0, 20000, "元/学期",
             "名单中的免学费金额须等于此值；民办学校按当地同类公办学校标准" + UNVERIFIED),
    _subsidy("subsidy.free_tuition_excluded_majors", "不享受免学费的专业代码", "text", "",
             help="如艺术类相关表演专业，逐个填写 6 位专业代码，用逗号分隔；留空表示不排除" + UNVERIFIED,
             check=code_list),
    _subsidy("subsidy.publicity_days", "名单校内公示期", "int", 5, 1, 30, "个工作日",
             "学校报送名单前须在校内公示不少于此期限（起止日均计入）" + UNVERIFIED),
    _subsidy("subsidy.school_days", "学校报送与处理疑点期限", "int", 10, 1, 60, "个工作日", UNVERIFIED),
    _subsidy("subsidy.city_days", "市级审核期限", "int", 10, 1, 60, "个工作日", UNVERIFIED),
)  # fmt: skip
