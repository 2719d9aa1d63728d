"""A case's data as a person reads it: only what a form asked (with the form's labels) and what
the process names for people (ProcessModule.data_labels, dotted for nested values); never an
internal key or a setting copied into the case. Timestamps and durations read as dates and days."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime

from webapp.display import fields_of, local
from webapp.processes.registry import current as installed_processes
from webapp.taskforms import FieldDef

ISO_INSTANT = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?([+-]\d{2}:\d{2}|Z)?$")
DURATION = re.compile(r"^P(\d+)([DW])$")


def readable(value: object) -> object:
    """An ISO timestamp as a local date and time, "P7D" as "7 天"; anything else as it is."""
    if not isinstance(value, str):
        return value
    if ISO_INSTANT.match(value):
        try:
            moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return value
        shown = local(moment) if moment.tzinfo else moment
        return shown.strftime("%Y-%m-%d %H:%M").replace(" 23:59", "")
    matched = DURATION.match(value)
    if matched:
        return f"{matched[1]} {'天' if matched[2] == 'D' else '周'}"
    return value


def _labelled(value: object, path: str, labels: Mapping[str, str]) -> object:
    if isinstance(value, Mapping):
        return {
            labels[f"{path}.{key}"]: _labelled(item, f"{path}.{key}", labels)
            for key, item in value.items()
            if f"{path}.{key}" in labels
        }
    if isinstance(value, list):
        return [_labelled(item, path, labels) for item in value]
    return readable(value)


def case_rows(definition, data: Mapping | None) -> list[tuple[str, object, FieldDef | None]]:
    """(label, value, form field or None) for each piece of the case a person should see."""
    fields = fields_of(definition)
    labels = installed_processes().get(definition.key).data_labels
    rows = []
    for key, value in (data or {}).items():
        field = fields.get(key)
        if field is not None and field.widget != "hidden":
            rows.append((field.label, value, field))
        elif key in labels:
            shown = _labelled(value, key, labels)
            rows.append((labels[key], "无" if shown in ([], {}, None, "") else shown, None))
    return rows
