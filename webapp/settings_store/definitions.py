"""What a setting is (its label, kind, default and allowed range) and the platform's own settings;
pure data, so process rules may read their settings' defaults. catalogue.py lists them all."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
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


# The platform's own settings; each process module declares its own (ProcessModule settings),
# and the registry puts them before these.
PLATFORM: tuple[SettingDef, ...] = (
    SettingDef(
        "publicity.days", "公示期", "int", 5, 1, 30, "个工作日",
        "年检结果、处理决定等在公示页公示的期限，起止日均计入；公示期内受理异议（未核实：以本省文件为准，可调整）",
        group="公示",
    ),
    SettingDef(
        "publicity.objection_days", "异议处理期限", "int", 10, 1, 60, "个工作日",
        "省教育厅核实、答复公示异议的期限",
        group="公示",
    ),
)  # fmt: skip
