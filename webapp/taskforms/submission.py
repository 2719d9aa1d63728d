"""Turning submitted HTML form strings into the typed JSON data a form's schema describes.

Conversions: "" (after trimming) leaves the field out; numbers that do not parse stay as typed,
so that validation names the problem and the page shows the user's own text; dates typed as
2026/3/15 or 2026年3月15日 become 2026-03-15; a checkbox is True when sent, else False.
Table cells arrive as "<field>-<row>-<column>"; rows whose cells are all empty are dropped.

File fields: uploads themselves are the app's business (see uploads.py). To keep an earlier
upload when a form is shown again after an error, the page carries one hidden input
"<field>__keep" per kept file whose value is the file value as JSON
({"attachment_id": 12, "filename": "a.pdf"}); a checkbox "<field>__remove" whose value is an
attachment id drops that file. parse_submission returns the kept files as the field's value.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any, Protocol

from .definition import FieldDef, FormDef

KEEP_SUFFIX = "__keep"
REMOVE_SUFFIX = "__remove"

_ABSENT = object()
_INTEGER = re.compile(r"[+-]?\d+")
_DECIMAL = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")
_LOOSE_DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")
_UNCHECKED = ("", "false", "0", "off")


class FormValues(Protocol):
    """What parse_submission needs from request.form (a werkzeug MultiDict)."""

    def get(self, key: str, default: Any = None) -> Any: ...

    def getlist(self, key: str) -> list[Any]: ...


def parse_submission(form: FormDef, values: FormValues) -> dict:
    data = {}
    for field in form.fields():
        value = _parse_field(field, values)
        if value is not _ABSENT:
            data[field.name] = value
    return data


def _parse_field(field: FieldDef, values: FormValues) -> Any:
    if field.widget == "table":
        return _parse_table(field, values) or _ABSENT
    if field.widget == "file":
        return _kept_files(field, values)
    if field.widget == "checkbox":
        return _checked(values.getlist(field.name))
    return convert(field, values.get(field.name))


def convert(field: FieldDef, raw: Any) -> Any:
    """The typed value of one input, or _ABSENT when it was left empty."""
    if not isinstance(raw, str):
        return _ABSENT if raw is None else raw
    text = raw.replace("\r\n", "\n").strip()
    if not text:
        return _ABSENT
    if field.type == "integer":
        return int(text) if _INTEGER.fullmatch(text) else text
    if field.type == "number":
        return _number(text)
    if field.widget == "date":
        return _date(text)
    return text


def _number(text: str) -> int | float | str:
    if _INTEGER.fullmatch(text):
        return int(text)
    if _DECIMAL.fullmatch(text):
        number = float(text)
        return number if math.isfinite(number) else text
    return text


def _date(text: str) -> str:
    match = _LOOSE_DATE.fullmatch(text)
    if not match:
        return text
    year, month, day = match.groups()
    return f"{year}-{int(month):02d}-{int(day):02d}"


def _checked(sent: list[Any]) -> bool:
    # Some pages pair a checkbox with a hidden "false"; any other value means ticked.
    return any(str(value).strip().lower() not in _UNCHECKED for value in sent)


def _parse_table(field: FieldDef, values: FormValues) -> list[dict]:
    rows = []
    for index in _row_indices(field, values):
        row: dict[str, Any] = {}
        filled = False
        for column in field.columns:
            name = f"{field.name}-{index}-{column.name}"
            if column.widget == "checkbox":
                row[column.name] = _checked(values.getlist(name))
                filled = filled or row[column.name]
                continue
            value = convert(column, values.get(name))
            if value is not _ABSENT:
                row[column.name] = value
                filled = True
        if filled:
            rows.append(row)
    return rows


def _row_indices(field: FieldDef, values: FormValues) -> list[int]:
    """Row numbers present in the submission, in order. Uses keys() when the values have it, so a
    gap left by a removed row loses nothing; otherwise counts up until a row is missing."""
    names = [column.name for column in field.columns]
    keys = getattr(values, "keys", None)
    if callable(keys):
        pattern = re.compile(rf"{re.escape(field.name)}-(\d+)-(.+)")
        found = {int(m[1]) for m in map(pattern.fullmatch, keys()) if m and m[2] in names}
        return sorted(found)
    indices: list[int] = []
    while any(values.getlist(f"{field.name}-{len(indices)}-{name}") for name in names):
        indices.append(len(indices))
    return indices


def _kept_files(field: FieldDef, values: FormValues) -> Any:
    removed = {str(value) for value in values.getlist(field.name + REMOVE_SUFFIX)}
    kept = [_attachment(raw) for raw in values.getlist(field.name + KEEP_SUFFIX)]
    kept = [item for item in kept if item and str(item["attachment_id"]) not in removed]
    if not kept:
        return _ABSENT
    return kept if field.multiple else kept[-1]


def _attachment(raw: Any) -> dict | None:
    try:
        value = json.loads(raw)
    except (TypeError, ValueError):
        return None
    if not isinstance(value, dict):
        return None
    attachment_id, filename = value.get("attachment_id"), value.get("filename")
    if type(attachment_id) is not int or not isinstance(filename, str):
        return None
    return {"attachment_id": attachment_id, "filename": filename}
