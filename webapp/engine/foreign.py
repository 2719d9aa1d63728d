"""Diagrams drawn in other modelers (Camunda Modeler, bpmn.io): what is refused before parsing
because it could never run here, and what is read from them (Camunda form fields)."""

from __future__ import annotations

from typing import Any

from webapp.engine.errors import DeployError

BPMN_NS = "http://www.omg.org/spec/BPMN/20100524/MODEL"
SPIFF_NS = "http://spiffworkflow.org/bpmn/schema/1.0/core"
CAMUNDA_NS = "http://camunda.org/schema/1.0/bpmn"
NSMAP = {"bpmn": BPMN_NS, "spiffworkflow": SPIFF_NS, "camunda": CAMUNDA_NS}
# Scripts run in our restricted Python evaluator; bpmn.io leaves scriptFormat empty.
PYTHON_FORMATS = {"", "python", "py", "python3", "text/x-python", "application/x-python"}

# English sentences of SpiffWorkflow's parser, with the Chinese explanation put before them.
PARSER_EXPLANATIONS = {
    "A multiinstance task must specify a cardinality or a loop input data reference": (
        "多实例任务既没有数量（loopCardinality），也没有输入集合（loopDataInputRef）。"
        "Camunda 的 camunda:collection / camunda:elementVariable 在本系统不生效，"
        "请改用 bpmn:loopDataInputRef（集合变量名）和 bpmn:inputDataItem（元素变量名）"
    ),
    "A loopMaximum or loopCondition must be specified for Loop Tasks": (
        "循环任务需要最大次数（loopMaximum）或循环条件（loopCondition）"
    ),
    "No start event found": "流程中没有开始事件，请添加一个开始事件",
    "A SubWorkflow Must contain an End event": "子流程中没有结束事件，请添加一个结束事件",
    "Multiple outgoing flows are not supported for tasks of type": (
        "该类型的任务不能有多条流出的顺序流，请在任务后加一个网关"
    ),
    "There is no support implemented for this task type": "本系统不支持这种元素类型",
    "Cancel Events may only be used with transactions": "取消事件只能用在事务子流程中",
    "Conditional event definition with missing condition": "条件事件缺少条件表达式",
}


def explain_parser_text(text: str) -> str:
    """A Chinese explanation of a parser sentence, with the original after it."""
    first = text.strip().splitlines()[0].strip() if text.strip() else ""
    for english, chinese in PARSER_EXPLANATIONS.items():
        if first.startswith(english):
            return f"{chinese}（解析器原文：{first}）"
    return f"流程图校验失败，不符合本系统执行 BPMN 的要求（解析器原文：{first or '无'}）"


def check_runnable(root: Any) -> None:
    """Refuse elements the parser accepts or explains badly, but that could never run here."""
    for task in root.iterfind(".//bpmn:serviceTask", NSMAP):
        raise DeployError(_id(task), _service_task_message(task))
    for task in root.iterfind(".//bpmn:scriptTask", NSMAP):
        _check_script_task(task)


def _service_task_message(task: Any) -> str:
    how = [
        attribute
        for attribute in ("class", "expression", "delegateExpression", "type", "topic")
        if task.get(f"{{{CAMUNDA_NS}}}{attribute}")
    ]
    described = f"（它用 camunda:{'、camunda:'.join(how)} 调用外部程序）" if how else ""
    return (
        f"服务任务{_named(task)}不支持{described}：本系统没有可调用的外部服务，"
        "Java 类、表达式、连接器和 spiffworkflow 服务都不会执行。"
        "请改为用户任务（由人办理并填写表单），或脚本任务（在流程图中写 Python 脚本）"
    )


def _check_script_task(task: Any) -> None:
    script = task.find("bpmn:script", NSMAP)
    if script is None or not (script.text or "").strip():
        external = task.get(f"{{{CAMUNDA_NS}}}resource")
        where = f"（外部脚本 camunda:resource={external} 不会被读取）" if external else ""
        raise DeployError(
            _id(task),
            f"脚本任务{_named(task)}没有脚本{where}：请把 Python 脚本直接写在流程图中"
            "（bpmn:script，Camunda Modeler 中选“Inline script”，不支持 camunda:resource），"
            "或改为用户任务",
        )
    fmt = (task.get("scriptFormat") or "").strip()
    if fmt.lower() not in PYTHON_FORMATS:
        raise DeployError(
            _id(task),
            f"脚本任务{_named(task)}的脚本语言是 {fmt}：本系统只运行 Python 脚本，"
            "请把脚本改写为 Python，并把 scriptFormat 设为 python（或留空）",
        )
    for kind in ("preScript", "postScript"):
        if task.find(f"bpmn:extensionElements/spiffworkflow:{kind}", NSMAP) is not None:
            raise DeployError(
                _id(task),
                f"脚本任务{_named(task)}上的 spiffworkflow:{kind} 不会执行（引擎会忽略它）："
                "请把这段脚本并入脚本任务自身的脚本中",
            )


def camunda_form_fields(root: Any) -> dict[str, list[dict]]:
    """User task id -> its camunda:formField definitions, as plain JSON-safe dicts."""
    forms = {}
    for task in root.iterfind(".//bpmn:userTask", NSMAP):
        fields = task.findall("bpmn:extensionElements/camunda:formData/camunda:formField", NSMAP)
        if fields:
            forms[_id(task)] = [_form_field(field) for field in fields]
    return forms


def _form_field(node: Any) -> dict:
    constraints = {
        constraint.get("name"): constraint.get("config")
        for constraint in node.iterfind("camunda:validation/camunda:constraint", NSMAP)
        if constraint.get("name")
    }
    values = [
        [value.get("id"), value.get("name") or value.get("id")]
        for value in node.iterfind("camunda:value", NSMAP)
    ]
    return {
        "id": node.get("id") or "",
        "label": node.get("label") or "",
        "type": node.get("type") or "string",
        "default": node.get("defaultValue"),
        "values": values,
        "constraints": constraints,
    }


def _id(node: Any) -> str:
    return node.get("id") or "?"


def _named(node: Any) -> str:
    name = (node.get("name") or "").strip()
    return f"“{name}”（{_id(node)}）" if name else f" {_id(node)} "
