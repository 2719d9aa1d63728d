"""Field labels of a process's forms, so stored case data is shown with its Chinese names."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from .definition import FieldDef, FormFileError
from .loader import load_form


def case_fields(forms_dir: str | Path, tasks: Iterable[tuple[str, str]]) -> dict[str, FieldDef]:
    """Every field of the given (process_key, task_id) forms by name; the first form wins."""
    fields: dict[str, FieldDef] = {}
    for process_key, task_id in tasks:
        try:
            form = load_form(forms_dir, process_key, task_id)
        except (FormFileError, ValueError):
            continue  # a broken form must not hide the case data; deploy reports it
        for field in form.fields() if form else []:
            fields.setdefault(field.name, field)
    return fields


def option_label(field: FieldDef | None, value: object) -> object:
    """The label of a select/radio value (e.g. "return" → "退回学校修改"), else the value."""
    if field is None:
        return value
    return next((label for option, label in field.options if option == value), value)
