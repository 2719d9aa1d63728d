"""The internship settings a province may change (RULES.md §2), and the rules on them."""

from __future__ import annotations

import re
import string
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
    _internship("internship.consent_for_all_placements", "所有岗位实习学生均需监护人知情同意", "bool", True,
                help="《职业学校学生实习管理规定》要求学校组织的岗位实习均取得学生及其监护人签字的知情同意书；"
                     "不勾选时，仅实习开始日未满18周岁的学生需要监护人同意（§11）。认识实习均不需要。"),
    _internship("internship.min_pay_ratio", "实习报酬不低于同岗位工资的比例", "percent", 80, 50, 100, "%",
                "岗位实习报酬低于本单位相同岗位工资标准的此比例、且低于最低档工资标准的申请不能提交"
                "（《职业学校学生实习管理规定》第十八条）。"),
    _internship("internship.max_placement_months", "岗位实习时长", "int", 6, 1, 12, "个月", _WARNING_ONLY),
    _internship("internship.max_interns_unit_percent", "实习生占实习单位在岗职工总数的比例", "percent", 10, 1, 100, "%",
                _WARNING_ONLY),
    _internship("internship.max_interns_post_percent", "实习生占同一岗位职工人数的比例", "percent", 20, 1, 100, "%",
                _WARNING_ONLY),
    _internship("internship.school_contacts", "各校实习联系方式（三方协议甲方、知情同意书）", "text", "",
                help="学校之间用“；”分隔，每所：学校名称=地址|联系人或部门|电话，如 沈阳市装备制造工程学校=沈阳市大东区东北大马路123号|"
                     "实习管理办公室 刘老师|024-88886666。未列出或缺项时，文件省略该项（联系人用学校指导教师），不印空白。",
                check=lambda text: school_contacts(text)),
    _internship("internship.filing_number_pattern", "市教育局备案回执文号格式", "text",
                "{city_short}教职成备〔{year}〕{seq}号",
                help="可用 {city}（发文机关所在市，如沈阳市）、{city_short}（简称，如沈）、{year}（年份）、"
                     "{seq}（该机关当年第几份备案回执）；须含 〔{year}〕 和 {seq}，以“号”结尾。",
                check=lambda text: filing_number_pattern(text)),
    _internship("internship.filing_number_patterns_by_city", "各市备案回执文号格式（可选）", "text", "",
                help="某市与上项格式不同时填写，各市之间用“；”分隔：沈阳市=沈教职成备〔{year}〕{seq}号；未列出的市用上项格式。",
                check=lambda text: patterns_by_city(text)),
)  # fmt: skip

# Abbreviations the cities' education bureaus use in document numbers.
CITY_SHORT = {
    "沈阳市": "沈", "大连市": "大", "鞍山市": "鞍", "抚顺市": "抚", "本溪市": "本", "丹东市": "丹",
    "锦州市": "锦", "营口市": "营", "阜新市": "阜", "辽阳市": "辽阳", "盘锦市": "盘", "铁岭市": "铁",
    "朝阳市": "朝", "葫芦岛市": "葫",
}  # fmt: skip
_FIELDS = {"city", "city_short", "year", "seq"}


PHONE = re.compile(r"[0-9][0-9\-]{6,19}(转[0-9]{1,6})?")


def school_contacts(text: str) -> str:
    """Lines of 学校名称=地址|联系人|电话 (any part may be empty; the phone, if given, is checked)."""
    lines = _entries(text)
    for line in lines:
        school, sep, rest = line.partition("=")
        parts = rest.split("|")
        if not sep or not school.strip() or len(parts) != 3:
            raise ValueError(f"“{line[:40]}”不是“学校名称=地址|联系人|电话”的形式")
        phone = parts[2].strip()
        if phone and not PHONE.fullmatch(phone):
            raise ValueError(f"“{school.strip()}”的电话“{phone}”无效，如 024-88886666")
    return "；".join(lines)


def _entries(text: str) -> list[str]:
    """A one-line setting's entries, separated by ； or ; (or new lines)."""
    return [entry.strip() for entry in re.split(r"[\n；;]", text) if entry.strip()]


def school_contact(text: str, school: str) -> dict[str, str]:
    """{address, contact, phone} of one school from the stored lines (empty strings if absent)."""
    for line in _entries(text):
        name, _, rest = line.partition("=")
        if name.strip() == school and rest.count("|") == 2:
            address, contact, phone = (part.strip() for part in rest.split("|"))
            return {"address": address, "contact": contact, "phone": phone}
    return {"address": "", "contact": "", "phone": ""}


def filing_number_pattern(text: str) -> str:
    """A document number pattern: only the known fields, 〔{year}〕 and {seq}, ending in 号."""
    try:
        fields = {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
    except ValueError as error:
        raise ValueError("格式中的花括号不成对，请检查") from error
    unknown = fields - _FIELDS
    if unknown:
        raise ValueError(
            f"格式中有未知的项：{'、'.join(sorted(unknown))}；可用 {{city}}、{{city_short}}、{{year}}、{{seq}}"
        )
    if "〔{year}〕" not in text or "{seq}" not in text or not text.endswith("号"):
        raise ValueError(
            "文号格式须含 〔{year}〕 和 {seq}，并以“号”结尾，如 {city_short}教职成备〔{year}〕{seq}号"
        )
    return text


def patterns_by_city(text: str) -> str:
    """Lines of 市名=格式, each pattern checked; stored one per line."""
    lines = _entries(text)
    parsed = []
    for line in lines:
        city, sep, pattern = line.partition("=")
        if not sep or not city.strip().endswith("市"):
            raise ValueError(f"“{line}”不是“某某市=格式”的形式")
        parsed.append(f"{city.strip()}={filing_number_pattern(pattern.strip())}")
    return "；".join(parsed)


def filing_number(patterns: Mapping[str, str], default: str, city: str, year: int, seq: int) -> str:
    """The 文号 of a city's 备案回执 from the settings' patterns."""
    pattern = patterns.get(city) or default
    short = CITY_SHORT.get(city, city.removesuffix("市"))
    return pattern.format(city=city, city_short=short, year=year, seq=seq)


def city_patterns(text: str) -> dict[str, str]:
    """The stored per-city lines as {city: pattern}."""
    return dict(line.split("=", 1) for line in _entries(text) if "=" in line)


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
