"""Turns SpiffWorkflow run-time failures into ScriptError with a Chinese message."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from types import TracebackType
from typing import Any

from SpiffWorkflow.bpmn.exceptions import WorkflowTaskException
from SpiffWorkflow.bpmn.specs.mixins.multiinstance_task import MultiInstanceTask
from SpiffWorkflow.exceptions import SpiffWorkflowException, WorkflowException

from webapp.engine.errors import ScriptError
from webapp.engine.expressions import UnsafeExpression
from webapp.engine.script_engine import ExpressionFailed


@contextmanager
def script_errors() -> Iterator[None]:
    """Re-raise engine failures inside the block as ScriptError."""
    try:
        yield
    except ScriptError:
        raise
    except ExpressionFailed as exc:
        spec = exc.task.task_spec
        raise _script_error(spec, _describe(exc.cause), exc.expression, exc.task) from exc
    except WorkflowTaskException as exc:
        raise _script_error(exc.task.task_spec, _describe(_root_cause(exc)), task=exc.task) from exc
    except WorkflowException as exc:
        raise _script_error(exc.task_spec, _describe(_root_cause(exc))) from exc
    except ENGINE_CRASHES as exc:
        # SpiffWorkflow itself crashed on this data (a multi-instance input collection that is
        # missing raises TypeError while the task is being prepared): name the task it was on.
        task = _failed_task(exc.__traceback__)
        if task is None:
            raise
        raise _script_error(task.task_spec, _crash_reason(task, exc), task=task) from exc


ENGINE_CRASHES = (TypeError, KeyError, AttributeError, ValueError, IndexError)


def _failed_task(trace: TracebackType | None) -> Any:
    """The innermost task SpiffWorkflow was working on when it raised (its `my_task`)."""
    found = None
    while trace is not None:
        candidate = trace.tb_frame.f_locals.get("my_task")
        if hasattr(candidate, "task_spec"):
            found = candidate
        trace = trace.tb_next
    return found


def _crash_reason(task: Any, exc: BaseException) -> str:
    spec = task.task_spec
    data_input = getattr(spec, "data_input", None)
    if isinstance(spec, MultiInstanceTask) and data_input is not None:
        name = data_input.bpmn_id
        if task.data.get(name) is None:
            return (
                f"多实例任务的输入集合 {name} 在流程数据中不存在或为空值；"
                f"请在此前的表单或脚本中给出 {name}（一个列表），修正数据后重试"
            )
    return _describe(exc)


def element_id(task_spec: Any) -> str:
    """The BPMN id of a task spec (control specs have none; their name is the next best thing)."""
    return getattr(task_spec, "bpmn_id", None) or getattr(task_spec, "name", "?")


def name_of(task_spec: Any) -> str | None:
    """The element's name; a multi-instance task's name is on its inner (child) spec."""
    name = getattr(task_spec, "bpmn_name", None)
    if not name and isinstance(task_spec, MultiInstanceTask):
        inner = task_spec._wf_spec.task_specs.get(task_spec.task_spec)
        name = getattr(inner, "bpmn_name", None)
    return name


def loop_limit_error(task_spec: Any, limit: int) -> ScriptError:
    """The error for a loop that went round too often (see run.LOOP_DEPTH_LIMIT)."""
    return _script_error(task_spec, f"循环次数过多（任务树深度超过 {limit}），流程已停止")


def _script_error(
    task_spec: Any, detail: str, expression: str | None = None, task: Any = None
) -> ScriptError:
    element = element_id(task_spec)
    name = name_of(task_spec)
    where = f"“{name}”（{element}）" if name else element
    message = f"环节 {where} 执行失败：{detail}"
    if expression:
        message += f"（表达式：{expression.strip()}）"
    return ScriptError(element, message, expression, str(task.id) if task is not None else "")


def _root_cause(exc: BaseException) -> BaseException:
    """The first non-SpiffWorkflow exception in the chain, or `exc` itself."""
    current: BaseException | None = exc
    while current is not None:
        if not isinstance(current, SpiffWorkflowException):
            return current
        current = current.__cause__ or current.__context__
    return exc


def _describe(exc: BaseException) -> str:
    if isinstance(exc, UnsafeExpression):
        return f"表达式不允许：{exc.reason}"
    if isinstance(exc, NameError):
        return f"变量或函数 {getattr(exc, 'name', None) or exc} 未定义"
    if isinstance(exc, SyntaxError):
        return f"语法错误（第 {exc.lineno} 行）：{exc.msg}"
    if isinstance(exc, ZeroDivisionError):
        return "除数为零"
    if isinstance(exc, KeyError):
        return f"数据中缺少键 {exc.args[0]!r}" if exc.args else "数据中缺少键"
    if isinstance(exc, TypeError):
        return f"类型错误：{exc}"
    if isinstance(exc, ValueError):
        return f"取值错误：{exc}"
    if isinstance(exc, WorkflowException) and str(exc).startswith("No conditions satisfied"):
        return "没有满足条件的出口，且没有默认流"
    return f"{type(exc).__name__}: {exc}"
