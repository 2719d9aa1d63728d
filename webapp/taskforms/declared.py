"""What a submission may carry: the fields its form declares (and a table's columns), with file
fields only as references to uploads. Nothing else may reach the engine from outside: the
process's own variables (settings copied at start, deadlines, computed results) are never
form fields, so a submission cannot set them.
"""

from __future__ import annotations

from typing import Any

from .definition import FieldDef, FormDef

UNDECLARED = "表单中没有该字段，不能提交"
MAX_ID = 2**63 - 1  # what the database's integer ids can hold


def undeclared_keys(form: FormDef, data: dict) -> list[str]:
    """Paths of keys the form does not declare: "x" for a field, "table.2.x" for a cell."""
    fields = {field.name: field for field in form.fields()}
    extra = [str(key) for key in data if key not in fields]
    for name, field in fields.items():
        rows = data.get(name)
        if field.widget != "table" or not isinstance(rows, list):
            continue
        columns = {column.name for column in field.columns}
        for index, row in enumerate(rows):
            if isinstance(row, dict):
                extra += [f"{name}.{index}.{key}" for key in row if key not in columns]
    return extra


def file_reference(value: Any) -> int | None:
    """The attachment id a file value names, or None when it is not a reference.

    A reference is {"attachment_id": <positive int>} with an optional "filename" string (which
    the app replaces by the stored name); anything else is refused.
    """
    if not isinstance(value, dict) or not set(value) <= {"attachment_id", "filename"}:
        return None
    attachment_id = value.get("attachment_id")
    if type(attachment_id) is not int or not 0 < attachment_id <= MAX_ID:
        return None
    if not isinstance(value.get("filename", ""), str):
        return None
    return attachment_id


def file_values(field: FieldDef, value: Any) -> list[Any] | None:
    """The items of a file field's value, or None when its shape is wrong (a list for a single
    file, a single value for a multiple one). An absent or null value has no items."""
    if value is None:
        return []
    if field.multiple:
        return value if isinstance(value, list) else None
    return None if isinstance(value, list) else [value]


def file_reference_errors(form: FormDef, data: dict) -> dict[str, str]:
    """{field: message} for file fields whose value is not made of upload references."""
    errors = {}
    for field in form.fields():
        if field.widget != "file" or field.name not in data:
            continue
        items = file_values(field, data[field.name])
        if items is None or any(file_reference(item) is None for item in items):
            errors[field.name] = f"请重新上传“{field.label}”"
    return errors
