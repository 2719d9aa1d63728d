"""Exceptions the engine adapter raises; their messages are shown to users, so they are Chinese."""

from __future__ import annotations

from typing import Any


class DeployError(Exception):
    """A diagram that cannot be deployed.

    `element` is the BPMN/DMN element id (or the file name when no element is known),
    `expression` the offending expression (or None), `message` a Chinese explanation.
    """

    def __init__(self, element: str, message: str, expression: str | None = None) -> None:
        self.element = element
        self.expression = expression
        self.message = message
        super().__init__(f"{element}: {message}" + (f" [{expression}]" if expression else ""))


class ScriptError(Exception):
    """A script, condition or timer failed at run time; `element` is the BPMN element id.

    `task_id` is the failed task (when known) and `run` the Run as the failure left it (set by
    the Run that failed), so a caller may keep it as an incident and retry it later.
    """

    def __init__(
        self, element: str, message: str, expression: str | None = None, task_id: str = ""
    ) -> None:
        self.element = element
        self.expression = expression
        self.message = message
        self.task_id = task_id
        self.run: Any = None
        super().__init__(f"{element}: {message}")


class TaskNotReady(Exception):
    """The task does not exist, is not READY, or is not a user/manual task."""

    def __init__(self, task_id: str) -> None:
        self.task_id = task_id
        self.message = f"任务 {task_id} 当前不可办理（不存在、已办理或不是人工任务）"
        super().__init__(self.message)
