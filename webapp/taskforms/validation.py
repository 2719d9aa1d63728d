"""Validating form data against its JSON Schema, with one clear Chinese message per field.

Keys of the result are field paths: "reason" for a field, "students.2.id_number" for a table
cell (row index in the data, from 0), FORM_ERROR for a problem that belongs to no field.
A field's ui may override any message with "messages": {"<keyword>": "..."}, and the pattern
message with "pattern_message".
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from jsonschema import Draft202012Validator, ValidationError

from .declared import UNDECLARED, file_reference_errors, undeclared_keys
from .definition import FieldDef, FormDef

FORM_ERROR = "_form"
_ANY = "填写不正确"

_TYPE_MESSAGES = {
    "integer": "{ref}必须是整数",
    "number": "{ref}必须是数字",
    "string": "{ref}必须是文字",
    "boolean": "{ref}只能勾选或不勾选",
}
_FORMAT_MESSAGES = {
    "date": "{ref}格式应为 2026-03-15",
    "email": "{ref}应为有效的电子邮箱地址",
}
_LIMIT_MESSAGES = {
    "minimum": "{ref}不能小于 {limit}",
    "maximum": "{ref}不能大于 {limit}",
    "exclusiveMinimum": "{ref}必须大于 {limit}",
    "exclusiveMaximum": "{ref}必须小于 {limit}",
    "multipleOf": "{ref}必须是 {limit} 的倍数",
    "minLength": "{ref}至少需要 {limit} 个字",
    "maxLength": "{ref}不能超过 {limit} 个字",
    "minItems": "{ref}至少需要 {limit} 行",
    "maxItems": "{ref}不能超过 {limit} 行",
}
_FILE_COUNT_MESSAGES = {
    "minItems": "{ref}至少需要上传 {limit} 个文件",
    "maxItems": "{ref}最多只能上传 {limit} 个文件",
}
_REQUIRED_MESSAGES = {
    "file": "请上传{ref}",
    "select": "请选择{ref}",
    "radio": "请选择{ref}",
    "checkbox": "请勾选{ref}",
    "table": "{ref}至少需要 1 行",
}
_CHOICE_KEYWORDS = ("enum", "const", "oneOf", "anyOf")
# Undeclared keys are reported one by one under their own names (declared.undeclared_keys).
_NAMED_ABOVE = ("additionalProperties", "unevaluatedProperties")


def validate(form: FormDef, data: dict) -> dict[str, str]:
    """{field_path: Chinese message}; empty when the data is valid. Keys the form does not
    declare and file values that are not upload references are errors too."""
    fields = form.fields()
    validator = Draft202012Validator(
        form.schema, format_checker=Draft202012Validator.FORMAT_CHECKER
    )
    errors = dict.fromkeys(undeclared_keys(form, data), UNDECLARED)
    for error in validator.iter_errors(data):
        if error.validator in _NAMED_ABOVE:
            continue
        for path, message in _describe(error, fields):
            errors.setdefault(path, message)
    for path, message in file_reference_errors(form, data).items():
        errors.setdefault(path, message)
    order = _ordering(fields)
    return dict(sorted(errors.items(), key=lambda item: order(item[0])))


def with_rule_errors(
    form: FormDef, errors: dict[str, str], rules: dict[str, str]
) -> dict[str, str]:
    """The schema's errors and a process's rule errors in one answer, in page order, so that a
    submission shows every problem at once. Where the schema faulted a path, its message stands
    and the rules' message on that path, or inside it (a cell of a faulted row or table), is
    left out: the schema's says what to fix first, and the rules speak again once it is fixed."""
    merged = dict(errors)
    for path, message in rules.items():
        if not _covered(path, errors):
            merged[path] = message
    order = _ordering(form.fields())
    return dict(sorted(merged.items(), key=lambda item: order(item[0])))


def _covered(path: str, errors: dict[str, str]) -> bool:
    """Whether the schema faulted the path or one that holds it ("students.2" holds
    "students.2.id_number")."""
    parts = path.split(".")
    return any(".".join(parts[:end]) in errors for end in range(1, len(parts) + 1))


def _describe(error: ValidationError, fields: list[FieldDef]) -> Iterator[tuple[str, str]]:
    path = list(error.absolute_path)
    if error.validator == "required" and isinstance(error.instance, dict):
        for name in error.validator_value:
            if name not in error.instance:
                yield _located(error, fields, [*path, name], missing=True)
        return
    yield _located(error, fields, path, missing=False)


def _located(error: ValidationError, fields: list[FieldDef], path: list, missing: bool):
    spot = _locate(fields, path)
    if spot is None:
        return FORM_ERROR, _form_message(error)
    key, field, ref = spot
    if missing:
        keyword = "required"
        text = _REQUIRED_MESSAGES.get(field.widget, "请填写{ref}")
    elif field.widget == "table" and key != field.name:  # a whole row, not one of its cells
        keyword, text = str(error.validator), "{ref}" + _ANY
    else:
        keyword, text = str(error.validator), _message_for(error, field)
    custom = field.messages.get(keyword)
    return key, custom or text.format(ref=ref, limit=_number(error.validator_value))


def _locate(fields: list[FieldDef], path: list) -> tuple[str, FieldDef, str] | None:
    """The error's field path, the field, and how messages name it; deeper paths (inside a file
    value, say) are cut back to the field they belong to."""
    if not path or not isinstance(path[0], str):
        return None
    field = next((f for f in fields if f.name == path[0]), None)
    if field is None:
        return None
    ref = f"“{field.label}”"
    if field.widget != "table" or len(path) < 2 or not isinstance(path[1], int):
        return field.name, field, ref
    row = f"{ref}第 {path[1] + 1} 行"
    column = field.column(path[2]) if len(path) > 2 and isinstance(path[2], str) else None
    if column is None:
        return f"{field.name}.{path[1]}", field, row
    return f"{field.name}.{path[1]}.{column.name}", column, f"{row}的“{column.label}”"


def _message_for(error: ValidationError, field: FieldDef) -> str:
    keyword = error.validator
    if field.widget == "file":  # the app builds file values, so only the count can be wrong
        return _FILE_COUNT_MESSAGES.get(keyword, "请重新上传{ref}")
    if keyword == "type":
        expected = error.validator_value
        expected = expected if isinstance(expected, str) else field.type
        return _TYPE_MESSAGES.get(expected, "{ref}" + _ANY)
    if keyword == "format":
        return _FORMAT_MESSAGES.get(error.validator_value, "{ref}的格式不正确")
    if keyword == "pattern":
        return "{ref}的格式不正确"
    if keyword in _CHOICE_KEYWORDS:
        if field.type == "boolean" and error.validator_value in (True, {"const": True}):
            return "请勾选{ref}"
        return "请从列表中选择{ref}" if field.options else "{ref}" + _ANY
    if keyword == "uniqueItems":
        return "{ref}中有重复的行"
    return _LIMIT_MESSAGES.get(keyword, "{ref}" + _ANY)


def _form_message(error: ValidationError) -> str:
    return "表单" + _ANY


def _number(limit: Any) -> Any:
    """Limits as people write them: 10 rather than 10.0."""
    if isinstance(limit, float) and limit.is_integer():
        return int(limit)
    return limit


def _ordering(fields: list[FieldDef]):
    """Sort key putting errors in the order the fields appear on the page."""
    position = {field.name: index for index, field in enumerate(fields)}
    columns = {f.name: {c.name: i for i, c in enumerate(f.columns)} for f in fields}

    def key(path: str) -> tuple:
        name, *rest = path.split(".")
        row = int(rest[0]) if rest and rest[0].isdigit() else -1
        column = columns.get(name, {}).get(rest[1], -1) if len(rest) > 1 else -1
        return (position.get(name, -1), row, column)

    return key
