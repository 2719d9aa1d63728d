"""One listing's fields, from a form or a file row: checked, with a Chinese message per bad field.

Each message names its field, so an import can prefix it with the line ("第 4 行：…") and the
form can show it beside the input.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from webapp.processes.internship_approval.rules.identifiers import (
    CREDIT_ALPHABET,
    compact,
    validate_credit_code,
)
from webapp.processes.internship_approval.rules.unit import unit_key
from webapp.workdays.importing import parse_day

LABELS = {
    "credit_code": "统一社会信用代码",
    "unit_name": "单位名称",
    "reason": "列入原因",
    "source": "来源",
    "listed_on": "列入日期",
    "expires_on": "有效期至",
}
MAX_LENGTHS = {"unit_name": 200, "reason": 500, "source": 200}
TEXT_FIELDS = tuple(MAX_LENGTHS)


@dataclass(frozen=True)
class Listing:
    """A checked listing; blank text is "" and a missing date None."""

    credit_code: str | None
    unit_name: str
    reason: str
    source: str
    listed_on: date | None
    expires_on: date | None

    @property
    def name_key(self) -> str:
        return unit_key(self.unit_name)


def blank(value: object) -> bool:
    return value is None or str(value).strip() == ""


def _shown(value: object) -> str:
    text = value.isoformat() if isinstance(value, date) else str(value).strip()
    return text if len(text) <= 40 else text[:40] + "…"


def credit_code_problem(value: object) -> str | None:
    """Why a 统一社会信用代码 is not valid (GB 32100), or None when it is."""
    code = compact(str(value))
    if validate_credit_code(code) is None:
        return None
    shown = f"统一社会信用代码“{_shown(code)}”"
    if len(code) != 18:
        return f"{shown}应为18位（现为 {len(code)} 位）"
    if any(c not in CREDIT_ALPHABET for c in code) or not code[2:8].isdigit():
        return f"{shown}含有不允许的字符（只能是数字和除 I、O、S、V、Z 以外的大写字母，第3至8位为数字）"
    return f"{shown}校验位不正确"


def _date(field: str, value: object, errors: dict[str, str]) -> date | None:
    if blank(value):
        return None
    try:
        return parse_day(value)
    except ValueError:
        errors[field] = f"{LABELS[field]}“{_shown(value)}”无效（应如 2026-03-01）"
        return None


def _text(field: str, value: object, errors: dict[str, str]) -> str:
    text = "" if blank(value) else " ".join(str(value).split())
    if len(text) > MAX_LENGTHS[field]:
        errors[field] = f"{LABELS[field]}不能超过 {MAX_LENGTHS[field]} 字"
    return text


def check(values: Mapping[str, object]) -> tuple[Listing | None, dict[str, str]]:
    """The listing, or None and {field: message}; a credit code or a unit name is required."""
    errors: dict[str, str] = {}
    raw_code = values.get("credit_code")
    code = None if blank(raw_code) else compact(str(raw_code))
    if code is not None and (problem := credit_code_problem(code)):
        errors["credit_code"] = problem
    texts = {field: _text(field, values.get(field), errors) for field in TEXT_FIELDS}
    if code is None and not texts["unit_name"]:
        errors["unit_name"] = "统一社会信用代码和单位名称至少填写一项"
    listed_on = _date("listed_on", values.get("listed_on"), errors)
    expires_on = _date("expires_on", values.get("expires_on"), errors)
    if listed_on and expires_on and expires_on < listed_on:
        errors["expires_on"] = (
            f"有效期至（{expires_on.isoformat()}）不能早于列入日期（{listed_on.isoformat()}）"
        )
    if errors:
        return None, errors
    return Listing(code, listed_on=listed_on, expires_on=expires_on, **texts), {}
