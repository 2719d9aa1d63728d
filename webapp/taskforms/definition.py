"""Typed view of one form file: the FormDef and the FieldDefs built from its schema and ui."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
DEFAULT_ACCEPT = (".pdf", ".jpg", ".jpeg", ".png")

# Which widgets can show which JSON type; the first one is the default unless the schema says
# more (format "date", enum/oneOf options, array items).
WIDGETS_BY_TYPE = {
    "string": ("text", "textarea", "date", "select", "radio"),
    "integer": ("number", "select", "radio"),
    "number": ("number", "select", "radio"),
    "boolean": ("checkbox",),
    "array": ("table", "file"),
    "object": ("file",),
}
CELL_WIDGETS = ("text", "number", "date", "select", "checkbox")
WIDGETS = ("text", "textarea", "number", "date", "select", "radio", "checkbox", "table", "file")


class FormFileError(Exception):
    """A form file that is not valid (bad JSON, invalid JSON Schema, ui naming a property that
    doesn't exist, unknown widget)."""

    def __init__(self, path: object, message: str) -> None:
        super().__init__(f"{path}: {message}")
        self.path = str(path)
        self.message = message


class DefinitionError(ValueError):
    """A schema/ui combination the renderer cannot show; the loader turns it into FormFileError."""


@dataclass(frozen=True)
class FieldDef:
    """One input of a form, or one column of a table field."""

    name: str
    label: str
    widget: str
    type: str
    required: bool = False
    help: str = ""
    placeholder: str = ""
    options: tuple[tuple[Any, str], ...] = ()
    columns: tuple[FieldDef, ...] = ()
    accept: tuple[str, ...] = ()
    max_bytes: int | None = None
    multiple: bool = False
    min_rows: int = 0
    max_rows: int | None = None
    # A table whose rows may also come from an uploaded Excel file (headers = column labels).
    excel_import: bool = False
    messages: Mapping[str, str] = field(default_factory=dict, compare=False)
    schema: Mapping[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @property
    def max_mb(self) -> float:
        return (self.max_bytes or DEFAULT_MAX_BYTES) / (1024 * 1024)

    def column(self, name: str) -> FieldDef | None:
        return next((col for col in self.columns if col.name == name), None)


@dataclass(frozen=True)
class FormDef:
    """The form of one user task, as read from forms/<process_key>/<task_id>.json."""

    process_key: str
    task_id: str
    title: str
    description: str
    schema: dict
    ui: dict

    def fields(self) -> list[FieldDef]:
        """Fields in ui "order", then the remaining properties in schema order."""
        return build_fields(self.schema, self.ui)

    def field(self, name: str) -> FieldDef | None:
        return next((f for f in self.fields() if f.name == name), None)


def build_fields(schema: Mapping, ui: Mapping) -> list[FieldDef]:
    props = schema.get("properties", {})
    hints = ui.get("fields", {})
    order = list(ui.get("order", []))
    unknown = [name for name in [*order, *hints] if name not in props]
    if unknown:
        raise DefinitionError(f"ui names properties that do not exist: {', '.join(unknown)}")
    names = order + [name for name in props if name not in order]
    required = set(schema.get("required", []))
    return [
        _build_field(
            name, resolve(schema, props[name]), hints.get(name, {}), name in required, schema
        )
        for name in names
    ]


def _build_field(
    name: str, prop: Mapping, hint: Mapping, required: bool, root: Mapping
) -> FieldDef:
    if "title" not in prop:
        raise DefinitionError(f"property {name!r} has no title (the label users see)")
    kind = json_type(name, prop)
    widget = hint.get("widget") or _default_widget(name, prop, kind, root)
    if widget not in WIDGETS_BY_TYPE[kind]:
        raise DefinitionError(f"property {name!r} of type {kind} cannot use widget {widget!r}")
    options = _options(name, prop, hint)
    if widget in ("select", "radio") and not options:
        raise DefinitionError(f"property {name!r} uses widget {widget!r} but has no enum or oneOf")
    return FieldDef(
        name=name,
        label=prop["title"],
        widget=widget,
        type=kind,
        # A checkbox is always sent (True/False), so "must be ticked" is written as const: true.
        required=required or (kind == "boolean" and prop.get("const") is True),
        help=hint.get("help") or prop.get("description", ""),
        placeholder=hint.get("placeholder", ""),
        options=options,
        messages=_messages(hint),
        schema=prop,
        **_table_parts(name, prop, hint, widget, root),
        **_file_parts(name, prop, hint, widget),
    )


def _default_widget(name: str, prop: Mapping, kind: str, root: Mapping) -> str:
    if kind == "array":
        items = resolve(root, prop.get("items", {}))
        if items.get("type") != "object":
            raise DefinitionError(f"array property {name!r} needs items of type object (a table)")
        return "table"
    if kind == "string" and prop.get("format") == "date":
        return "date"
    if kind in ("string", "integer", "number") and _options(name, prop, {}):
        return "select"
    return WIDGETS_BY_TYPE[kind][0]


def _table_parts(name: str, prop: Mapping, hint: Mapping, widget: str, root: Mapping) -> dict:
    if widget != "table":
        if "columns" in hint or "min_rows" in hint or "import" in hint:
            raise DefinitionError(f"property {name!r}: columns/min_rows/import are for tables only")
        return {}
    items = resolve(root, prop.get("items", {}))
    cells = items.get("properties", {})
    column_hints = hint.get("columns", {})
    unknown = [col for col in column_hints if col not in cells]
    if unknown:
        raise DefinitionError(f"table {name!r}: ui names columns that do not exist: {unknown}")
    required = set(items.get("required", []))
    columns = []
    for col, cell in cells.items():
        column = _build_field(
            col, resolve(root, cell), column_hints.get(col, {}), col in required, root
        )
        if column.widget not in CELL_WIDGETS:
            raise DefinitionError(f"table {name!r}: column {col!r} cannot use {column.widget!r}")
        columns.append(column)
    if not columns:
        raise DefinitionError(f"table {name!r} has no columns (items.properties)")
    return {
        "columns": tuple(columns),
        "min_rows": hint.get("min_rows", prop.get("minItems", 0)),
        "max_rows": prop.get("maxItems"),
        "excel_import": bool(hint.get("import", False)),
    }


def _file_parts(name: str, prop: Mapping, hint: Mapping, widget: str) -> dict:
    file_keys = {"accept", "max_mb", "multiple"} & set(hint)
    if widget != "file":
        if file_keys:
            raise DefinitionError(
                f"property {name!r}: {sorted(file_keys)} are for file fields only"
            )
        return {}
    multiple = hint.get("multiple", False)
    if multiple != (json_type(name, prop) == "array"):
        raise DefinitionError(
            f"file property {name!r}: use type array with multiple: true, or type object alone"
        )
    raw_accept = hint.get("accept", DEFAULT_ACCEPT)
    accept = [ext.lower() if ext.startswith(".") else f".{ext.lower()}" for ext in raw_accept]
    # Phones and scanners name JPEG files either way; accepting one means accepting both.
    if ".jpg" in accept and ".jpeg" not in accept:
        accept.append(".jpeg")
    return {
        "accept": tuple(accept),
        "max_bytes": round(hint.get("max_mb", 10) * 1024 * 1024),
        "multiple": multiple,
    }


def _options(name: str, prop: Mapping, hint: Mapping) -> tuple[tuple[Any, str], ...]:
    if "enum" in prop:
        values = [value for value in prop["enum"] if value is not None]
        names = hint.get("enumNames") or [str(value) for value in values]
        if len(names) != len(values):
            raise DefinitionError(f"property {name!r}: enumNames and enum differ in length")
        return tuple(zip(values, names, strict=True))
    choices = prop.get("oneOf") or prop.get("anyOf") or []
    if choices and all("const" in choice for choice in choices):
        return tuple((c["const"], c.get("title", str(c["const"]))) for c in choices)
    return ()


def _messages(hint: Mapping) -> dict[str, str]:
    messages = dict(hint.get("messages", {}))
    if "pattern_message" in hint:
        messages["pattern"] = hint["pattern_message"]
    return messages


def json_type(name: str, prop: Mapping) -> str:
    """The one non-null JSON type of a property ("integer" for ["integer", "null"])."""
    declared = prop.get("type")
    types = [declared] if isinstance(declared, str) else list(declared or [])
    types = [kind for kind in types if kind != "null"]
    if len(types) != 1 or types[0] not in WIDGETS_BY_TYPE:
        raise DefinitionError(f"property {name!r} needs one type of {sorted(WIDGETS_BY_TYPE)}")
    return types[0]


def resolve(root: Mapping, prop: Mapping) -> Mapping:
    """Follow a local "$ref" (#/$defs/...), keeping sibling keywords as 2020-12 does."""
    seen = 0
    while isinstance(prop.get("$ref"), str) and seen < 10:
        ref = prop["$ref"]
        if not ref.startswith("#/"):
            raise DefinitionError(f"only local $ref is supported, not {ref!r}")
        target: Any = root
        for part in ref[2:].split("/"):
            if not isinstance(target, Mapping) or part not in target:
                raise DefinitionError(f"$ref {ref!r} points to nothing")
            target = target[part]
        prop = {**target, **{k: v for k, v in prop.items() if k != "$ref"}}
        seen += 1
    return prop
