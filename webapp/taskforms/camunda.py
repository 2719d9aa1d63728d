"""Camunda Modeler's form fields (camunda:formField) translated to one of our form definitions.

A diagram drawn in Camunda Modeler gives its user tasks "Generated Task Forms": typed fields
with labels, enum values and validation constraints. A task with no forms/<key>/<task>.json
uses them (the engine reads them from the diagram; the deployed version keeps them), so such a
diagram runs as drawn. The fields arrive as plain dicts: id, label, type, values
([id, name] pairs) and constraints (name -> config).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from .definition import DefinitionError, FormDef

# Camunda type -> JSON Schema of the value (our widgets follow from it: text, number, checkbox,
# date, select).
STRING_LIMIT = 2000  # characters of a text field whose diagram sets no maxlength
SCHEMA_BY_TYPE = {
    "string": {"type": "string"},
    "long": {"type": "integer"},
    "boolean": {"type": "boolean"},
    "date": {"type": "string", "format": "date"},
    "enum": {"type": "string"},
}
# Camunda constraint -> (JSON Schema keyword, the Camunda types it applies to).
CONSTRAINTS = {
    "min": ("minimum", {"long"}),
    "max": ("maximum", {"long"}),
    "minlength": ("minLength", {"string"}),
    "maxlength": ("maxLength", {"string"}),
}
# Constraints that change nothing the server checks.
IGNORED_CONSTRAINTS = {"readonly"}
FIELD_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]*")


class CamundaFormError(ValueError):
    """Form fields that cannot be translated; the message is Chinese and names the field."""


def camunda_form(process_key: str, task_id: str, title: str, fields: Sequence[Mapping]) -> FormDef:
    """The FormDef for a task's Camunda form fields; CamundaFormError when one cannot be used."""
    properties: dict[str, dict] = {}
    hints: dict[str, dict] = {}
    required = []
    for field in fields:
        name = _name(field)
        properties[name], hint = _property(name, field)
        if hint:
            hints[name] = hint
        constraints = field.get("constraints") or {}
        if "required" in constraints and field.get("type") != "boolean":
            required.append(name)
            if properties[name]["type"] == "string":  # a page sends an empty box as ""
                properties[name].setdefault("minLength", 1)
    schema: dict = {"type": "object", "properties": properties}
    if required:
        schema["required"] = required
    form = FormDef(process_key, task_id, title, "", schema, {"fields": hints})
    try:
        form.fields()
    except DefinitionError as exc:  # a combination the renderer cannot show
        raise CamundaFormError(f"表单字段无法使用（{exc}）") from None
    return form


def _name(field: Mapping) -> str:
    name = field.get("id") or ""
    if not FIELD_NAME.fullmatch(name):
        raise CamundaFormError(
            f"表单字段 id “{name}”不能用作变量名：请改为以字母开头、只含字母、数字和下划线的 id"
        )
    return name


def _property(name: str, field: Mapping) -> tuple[dict, dict]:
    kind = field.get("type") or "string"
    if kind not in SCHEMA_BY_TYPE:
        supported = "、".join(SCHEMA_BY_TYPE)
        raise CamundaFormError(
            f"表单字段 {name} 的类型 {kind} 不支持：可用的类型为 {supported}；"
            "或为该任务编写表单文件 forms/<流程>/<任务>.json"
        )
    prop = {**SCHEMA_BY_TYPE[kind], "title": field.get("label") or name}
    hint = {}
    if kind == "enum":
        values = [value for value in field.get("values") or [] if value and value[0]]
        if not values:
            raise CamundaFormError(f"枚举字段 {name} 没有可选值（camunda:value）：请添加至少一个")
        prop["enum"] = [value_id for value_id, _ in values]
        hint["enumNames"] = [label or value_id for value_id, label in values]
    prop.update(_constraints(name, kind, field.get("constraints") or {}))
    if prop["type"] == "string" and "format" not in prop and "enum" not in prop:
        prop.setdefault("maxLength", STRING_LIMIT)  # every stored text has a bound
    return prop, hint


def _constraints(name: str, kind: str, constraints: Mapping) -> dict:
    keywords = {}
    for constraint, config in constraints.items():
        if constraint == "required" or constraint in IGNORED_CONSTRAINTS:
            continue
        keyword, kinds = CONSTRAINTS.get(constraint, (None, set()))
        if keyword is None or kind not in kinds:
            raise CamundaFormError(
                f"表单字段 {name}（类型 {kind}）的校验规则 {constraint} 不支持：本系统支持 "
                "required、readonly，整数（long）的 min/max，文本（string）的 minlength/maxlength"
            )
        try:
            keywords[keyword] = int(str(config).strip())
        except ValueError:
            raise CamundaFormError(
                f"表单字段 {name} 的校验规则 {constraint} 的取值“{config}”不是整数"
            ) from None
    return keywords
