"""Deploy-time checks: every expression in the parsed specs must pass the restricted evaluator."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable, Iterator
from datetime import datetime, timezone
from typing import Any

from SpiffWorkflow.bpmn.specs.event_definitions.multiple import MultipleEventDefinition
from SpiffWorkflow.bpmn.specs.event_definitions.timer import (
    CycleTimerEventDefinition,
    DurationTimerEventDefinition,
    TimeDateEventDefinition,
)
from SpiffWorkflow.bpmn.specs.mixins.multiinstance_task import MultiInstanceTask, StandardLoopTask
from SpiffWorkflow.bpmn.specs.mixins.script_task import ScriptTask
from SpiffWorkflow.specs.MultiChoice import MultiChoice

from webapp.engine.errors import DeployError
from webapp.engine.expressions import UnsafeExpression, check_source
from webapp.engine.failures import element_id
from webapp.engine.timers import add_duration, first_cycle, parse_time_date

# (element id, what it is in Chinese, source, "eval" or "exec")
Check = tuple[str, str, str, str]

# Mirrors DMNEngine.evaluate: `?` outside quotes stands for the input value.
DMN_QUESTION_MARK = re.compile(r"(\?)(?=(?:[^'\"]|['\"][^'\"]*['\"])*$)")
# An ISO duration/cycle written without quotes parses as a Python name and fails only at run time.
UNQUOTED_ISO = re.compile(r"(R\d*/)?P[0-9YMWDTHS.,]+", re.IGNORECASE)
# Timer literals are checked against a fixed instant so deployment never reads the wall clock.
REFERENCE_INSTANT = datetime(2000, 1, 1, tzinfo=timezone.utc)
TIMER_CHECKS = {
    TimeDateEventDefinition: lambda v: parse_time_date(v),
    DurationTimerEventDefinition: lambda v: add_duration(v, REFERENCE_INSTANT),
    CycleTimerEventDefinition: lambda v: first_cycle(v, REFERENCE_INSTANT),
}


def validate_specs(specs: Iterable[Any], functions: Iterable[str] | None) -> None:
    """Raise DeployError for the first expression that would be rejected or cannot parse."""
    strict = functions is not None
    names = frozenset(functions or ())
    for spec in specs:
        for task_spec in spec.task_specs.values():
            for element, kind, source, mode in _task_checks(task_spec):
                _check(element, kind, source, mode, names, strict)
            for event_definition in _event_definitions(task_spec):
                _check_timer(element_id(task_spec), event_definition)


def _check(element: str, kind: str, source: str, mode: str, names: frozenset, strict: bool) -> None:
    try:
        check_source(source, mode, names, strict)
    except SyntaxError as exc:
        raise DeployError(
            element, f"{kind}语法错误（第 {exc.lineno} 行）：{exc.msg}", source
        ) from None
    except UnsafeExpression as exc:
        raise DeployError(element, f"{kind}不允许：{exc.reason}", source) from None


def _task_checks(task_spec: Any) -> Iterator[Check]:
    element = element_id(task_spec)
    for attr, kind in (("prescript", "前置脚本"), ("postscript", "后置脚本")):
        if getattr(task_spec, attr, None):
            yield element, kind, getattr(task_spec, attr), "exec"
    if isinstance(task_spec, ScriptTask) and task_spec.script:
        yield element, "脚本", task_spec.script, "exec"
    if isinstance(task_spec, MultiChoice):
        for condition, _target in task_spec.cond_task_specs:
            if condition is not None:
                yield element, "网关条件", condition.args[0], "eval"
    yield from _loop_checks(element, task_spec)
    for event_definition in _event_definitions(task_spec):
        yield from _event_checks(element, event_definition)
    if hasattr(task_spec, "dmnEngine"):
        yield from _decision_checks(task_spec.dmnEngine.decision_table)


def _loop_checks(element: str, task_spec: Any) -> Iterator[Check]:
    if isinstance(task_spec, MultiInstanceTask) and task_spec.cardinality:
        yield element, "多实例数量", task_spec.cardinality, "eval"
    if isinstance(task_spec, (MultiInstanceTask, StandardLoopTask)) and task_spec.condition:
        yield element, "完成条件", task_spec.condition, "eval"


def _event_definitions(task_spec: Any) -> list[Any]:
    definition = getattr(task_spec, "event_definition", None)
    if isinstance(definition, MultipleEventDefinition):
        return list(definition.event_definitions)
    return [definition] if definition is not None else []


def _event_checks(element: str, definition: Any) -> Iterator[Check]:
    if getattr(definition, "expression", None):
        kind = "定时器" if type(definition) in TIMER_CHECKS else "事件表达式"
        yield element, kind, definition.expression, "eval"
    for prop in getattr(definition, "correlation_properties", None) or []:
        yield element, "消息关联表达式", prop.retrieval_expression, "eval"


def _decision_checks(table: Any) -> Iterator[Check]:
    for table_input in table.inputs:
        if table_input.expression:
            yield table_input.id, "DMN 输入表达式", table_input.expression, "eval"
    for rule in table.rules:
        for entry in rule.inputEntries:
            input_expression = entry.input.expression or "dmninputexpr"
            for lhs in entry.lhs:
                if lhs:
                    yield entry.id, "DMN 规则条件", _dmn_condition(input_expression, lhs), "eval"
        for entry in rule.outputEntries:
            if entry.text:
                yield entry.id, "DMN 输出", entry.text, "eval"


def _dmn_condition(input_expression: str, lhs: str) -> str:
    """The expression DMNEngine will evaluate for one input entry."""
    replaced = DMN_QUESTION_MARK.sub("dmninputexpr", lhs)
    if "dmninputexpr" in replaced:
        return replaced
    try:
        ast.parse(lhs.strip())
        return f"({input_expression}) == ({lhs})"
    except SyntaxError:
        return input_expression + lhs  # "> 5" style entries


def _check_timer(element: str, definition: Any) -> None:
    convert = TIMER_CHECKS.get(type(definition))
    if convert is None:
        return
    source = definition.expression.strip()
    if UNQUOTED_ISO.fullmatch(source):
        raise DeployError(element, f'定时器值需要加引号，例如 "{source}"', source)
    try:
        value = ast.literal_eval(source)
    except (ValueError, SyntaxError):
        return  # computed at run time from task data
    try:
        convert(value)
    except ValueError as exc:
        raise DeployError(element, str(exc), source) from None
