"""Reading form files from forms/<process_key>/<task_id>.json, checking them, caching by mtime."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from pathlib import Path

from jsonschema import Draft202012Validator
from jsonschema.exceptions import SchemaError

from .definition import WIDGETS, DefinitionError, FormDef, FormFileError
from .uploads import FILE_KINDS

# BPMN ids are XML NCNames; anything else (slashes, "..") must never reach the file system.
PLAIN_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_.-]*")

_FIELD_HINTS = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "widget": {"enum": list(WIDGETS)},
        "help": {"type": "string"},
        "placeholder": {"type": "string"},
        "pattern_message": {"type": "string"},
        "messages": {"type": "object", "additionalProperties": {"type": "string"}},
        "enumNames": {"type": "array", "items": {"type": "string"}},
        "accept": {"type": "array", "items": {"type": "string"}, "minItems": 1},
        "max_mb": {"type": "number", "exclusiveMinimum": 0},
        "multiple": {"type": "boolean"},
        "min_rows": {"type": "integer", "minimum": 0},
        "import": {"type": "boolean"},
        "columns": {"type": "object", "additionalProperties": {"$ref": "#/$defs/field"}},
    },
}

# The shape of a form file itself. Top-level keys stay open for later additions; per-field hints
# are closed so that a misspelt hint ("placehoder") fails loudly instead of doing nothing.
FORM_FILE_SCHEMA = {
    "type": "object",
    "required": ["title", "schema"],
    "properties": {
        "title": {"type": "string", "minLength": 1},
        "description": {"type": "string"},
        "schema": {"type": "object", "required": ["type", "properties"]},
        "ui": {
            "type": "object",
            "properties": {
                "order": {"type": "array", "items": {"type": "string"}, "uniqueItems": True},
                "fields": {"type": "object", "additionalProperties": {"$ref": "#/$defs/field"}},
            },
        },
    },
    "$defs": {"field": _FIELD_HINTS},
}
_FORM_FILE_VALIDATOR = Draft202012Validator(FORM_FILE_SCHEMA)

_cache: dict[str, tuple[tuple[int, int], FormDef]] = {}


def form_path(forms_dir: str | Path, process_key: str, task_id: str) -> Path:
    for part in (process_key, task_id):
        if not PLAIN_NAME.fullmatch(part) or ".." in part:
            raise ValueError(f"not a plain process key or task id: {part!r}")
    return Path(forms_dir) / process_key / f"{task_id}.json"


def load_form(forms_dir: str | Path, process_key: str, task_id: str) -> FormDef | None:
    """The form of a user task; None when it has no file; FormFileError when the file is bad."""
    path = form_path(forms_dir, process_key, task_id)
    try:
        stat = path.stat()
    except FileNotFoundError:
        return None
    stamp = (stat.st_mtime_ns, stat.st_size)
    cached = _cache.get(str(path))
    if cached and cached[0] == stamp:
        return cached[1]
    form = read_form(path, process_key, task_id)
    _cache[str(path)] = (stamp, form)
    return form


def load_all_forms(forms_dir: str | Path) -> list[FormDef]:
    """Every form under forms_dir, sorted by path; raises FormFileError on the first bad one."""
    forms = []
    for path in sorted(Path(forms_dir).glob("*/*.json")):
        try:
            form = load_form(forms_dir, path.parent.name, path.stem)
        except ValueError:
            raise FormFileError(path, "file and folder names must be BPMN ids") from None
        if form is not None:
            forms.append(form)
    return forms


def read_form(path: Path, process_key: str, task_id: str) -> FormDef:
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise FormFileError(path, f"not valid JSON: {exc}") from None
    _check_file_shape(path, raw)
    try:
        Draft202012Validator.check_schema(raw["schema"])
    except SchemaError as exc:
        where = "/".join(str(part) for part in exc.path) or "(root)"
        raise FormFileError(path, f"invalid JSON Schema at {where}: {exc.message}") from None
    form = FormDef(
        process_key=process_key,
        task_id=task_id,
        title=raw["title"],
        description=raw.get("description", ""),
        schema=raw["schema"],
        ui=raw.get("ui", {}),
    )
    try:
        _check_names(form.schema)
        _check_file_types(form)
    except DefinitionError as exc:
        raise FormFileError(path, str(exc)) from None
    return form


def _check_file_shape(path: Path, raw: object) -> None:
    error = next(iter(_FORM_FILE_VALIDATOR.iter_errors(raw)), None)
    if error is not None:
        where = ".".join(str(part) for part in error.absolute_path) or "(root)"
        raise FormFileError(path, f"{where}: {error.message}")


def _check_names(schema: Mapping) -> None:
    """Names in "required" and in if/then property lists must exist, or a typo silently turns a
    rule off (or makes the form impossible to submit)."""
    props = schema["properties"]
    for part in _parts_for_root(schema):
        missing = [
            n for n in [*part.get("required", []), *part.get("properties", {})] if n not in props
        ]
        if missing:
            raise DefinitionError(f"schema names properties that do not exist: {missing}")


def _parts_for_root(schema: Mapping) -> Iterator[Mapping]:
    """The schema and every subschema that applies to the same (root) object."""
    yield schema
    subschemas = [*schema.get("allOf", []), *schema.get("anyOf", []), *schema.get("oneOf", [])]
    subschemas += [schema[key] for key in ("if", "then", "else", "not") if key in schema]
    for sub in subschemas:
        if isinstance(sub, Mapping):
            yield from _parts_for_root(sub)


def _check_file_types(form: FormDef) -> None:
    for field in form.fields():  # builds every field, so widget/type mismatches surface here
        unknown = [ext for ext in field.accept if ext not in FILE_KINDS]
        if unknown:
            supported = ", ".join(sorted(FILE_KINDS))
            raise DefinitionError(
                f"file field {field.name!r}: cannot check {unknown}; use {supported}"
            )
