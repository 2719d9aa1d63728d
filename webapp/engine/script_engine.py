"""The restricted script engine: task data as variables, safe builtins, Clock, domain functions."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, datetime, timedelta
from types import ModuleType
from typing import Any

from SpiffWorkflow.bpmn.exceptions import WorkflowTaskException
from SpiffWorkflow.bpmn.script_engine import PythonScriptEngine
from SpiffWorkflow.bpmn.script_engine.python_environment import BasePythonScriptEngineEnvironment
from SpiffWorkflow.exceptions import SpiffWorkflowException

from webapp.clock import Clock
from webapp.engine.expressions import SAFE_BUILTINS, check_source, compile_checked


class ExpressionFailed(WorkflowTaskException):
    """A condition/script failed; keeps the expression and the original error for ScriptError."""

    def __init__(self, task: Any, expression: str, cause: Exception) -> None:
        super().__init__(f"Error evaluating '{expression}'", task=task, exception=cause)
        self.expression = expression
        self.cause = cause


class RestrictedEnvironment(BasePythonScriptEngineEnvironment):
    """Evaluates with only SAFE_BUILTINS, the date helpers and the given functions in scope."""

    def __init__(self, functions: Mapping[str, Callable], clock: Clock) -> None:
        helpers = {"date": date, "datetime": datetime, "timedelta": timedelta, "now": clock.now}
        super().__init__({**helpers, **functions})
        self.function_names = frozenset(functions)

    def evaluate(self, expression: str, context: dict, external_context: dict | None = None) -> Any:
        code = compile_checked(expression, "eval", self.function_names)
        return eval(code, self._namespace(context, external_context))  # noqa: S307 - checked AST

    def execute(self, script: str, context: dict, external_context: dict | None = None) -> bool:
        code = compile_checked(script, "exec", self.function_names)
        namespace = self._namespace(context, external_context)
        exec(code, namespace)  # noqa: S102 - checked AST
        self._write_back(namespace, context, external_context or {})
        return True

    def _namespace(self, context: dict, external_context: dict | None) -> dict:
        # One flat namespace (not globals + locals): comprehensions only see globals.
        # Task data wins over helpers so a form field called `date` still reads as data.
        return {
            **self.globals,
            **(external_context or {}),
            **context,
            "__builtins__": SAFE_BUILTINS,
        }

    def _write_back(self, namespace: dict, context: dict, external_context: dict) -> None:
        for key in [k for k in context if k not in namespace]:
            del context[key]  # the script said `del key`
        provided = {**self.globals, **external_context}
        for key, value in namespace.items():
            if key == "__builtins__" or (key in provided and value is provided[key]):
                continue
            if callable(value) or isinstance(value, ModuleType):
                continue  # functions and classes cannot be stored in task data
            context[key] = value


class RestrictedScriptEngine(PythonScriptEngine):
    """PythonScriptEngine whose environment is RestrictedEnvironment; carries the run's Clock."""

    def __init__(self, clock: Clock, functions: Mapping[str, Callable] | None = None) -> None:
        super().__init__(environment=RestrictedEnvironment(dict(functions or {}), clock))
        self.clock = clock

    def validate(self, expression: str) -> None:
        # DMN relies on SyntaxError here to decide whether to prepend "==".
        check_source(expression, "exec", self.environment.function_names)

    def evaluate(self, task: Any, expression: str, external_context: dict | None = None) -> Any:
        try:
            return self.environment.evaluate(expression, task.data, external_context)
        except SpiffWorkflowException:
            raise
        except Exception as exc:
            raise ExpressionFailed(task, expression, exc) from exc

    def execute(self, task: Any, script: str, external_context: dict | None = None) -> bool:
        try:
            return self.environment.execute(script, task.data, external_context)
        except SpiffWorkflowException:
            raise
        except Exception as exc:
            raise ExpressionFailed(task, script, exc) from exc
