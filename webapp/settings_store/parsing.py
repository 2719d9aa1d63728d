"""Form text (or a plain value) to a setting's stored value, with the error in Chinese."""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal

from .definitions import TIGHT_UNITS, SettingDef, Value, number_text

TEXT_MAX = 200
_TRUE = {"1", "true", "on", "yes", "是"}
_FALSE = {"0", "false", "off", "no", "否", ""}
_NUMBER = re.compile(r"[+-]?\d+(\.\d+)?")


def parse(definition: SettingDef, raw: object) -> Value:
    """The value to store for `raw`; ValueError with a Chinese message when it is not allowed."""
    if isinstance(raw, bool) and definition.kind != "bool":
        raise ValueError("请填写数字" if definition.kind != "text" else "请填写文字")
    text = raw if isinstance(raw, str) else str(raw)
    if definition.kind == "bool":
        return _boolean(raw if isinstance(raw, bool) else text)
    if definition.kind == "text":
        return _text(definition, text)
    if definition.kind == "choice":
        return _choice(definition, text)
    return _in_range(definition, _number(definition, text))


def _boolean(raw: bool | str) -> bool:
    if isinstance(raw, bool):
        return raw
    answer = raw.strip().lower()
    if answer in _TRUE | _FALSE:
        return answer in _TRUE
    raise ValueError("请选择是或否")


def _text(definition: SettingDef, text: str) -> str:
    text = text.strip()
    if len(text) > TEXT_MAX:
        raise ValueError(f"不能超过 {TEXT_MAX} 字")
    return definition.check(text) if definition.check else text


def _choice(definition: SettingDef, text: str) -> str:
    text = text.strip()
    if text not in dict(definition.choices):
        raise ValueError("请从列表中选择")
    return text


def _number(definition: SettingDef, text: str) -> int | float:
    # Full-width digits become ASCII; "3,000,000" and "80%" are accepted as typed.
    text = unicodedata.normalize("NFKC", text).strip().replace(",", "").replace(" ", "")
    if definition.kind == "percent":
        text = text.removesuffix("%")
    whole = definition.kind in ("int", "duration_days")
    if not text:
        raise ValueError("请填写此项")
    if not _NUMBER.fullmatch(text):
        raise ValueError("请填写整数" if whole else "请填写数字")
    number = Decimal(text)
    if number == number.to_integral_value():
        return int(number)
    if whole:
        raise ValueError("请填写整数")
    if number.as_tuple().exponent < -2:
        raise ValueError("最多保留两位小数")
    return float(number)


def _in_range(definition: SettingDef, number: int | float) -> int | float:
    low, high = definition.minimum, definition.maximum
    if low is not None and high is not None and not low <= number <= high:
        first = definition.show(low) if definition.unit in TIGHT_UNITS else number_text(low)
        raise ValueError(f"须在 {first}–{definition.show(high)}之间")
    if low is not None and number < low:
        raise ValueError(f"不能少于 {definition.show(low)}")
    if high is not None and number > high:
        raise ValueError(f"不能超过 {definition.show(high)}")
    return number
