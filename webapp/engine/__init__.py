"""The BPMN engine adapter, the only importer of SpiffWorkflow: deploy, run, serialize, timers."""

from webapp.engine import migration
from webapp.engine.errors import DeployError, ScriptError, TaskNotReady
from webapp.engine.parsing import ParsedProcess, UserTaskSpec, parse_files, parse_texts
from webapp.engine.run import ReadyTask, Run, WaitingMessage, WaitingTimer, restore, start

__all__ = [
    "DeployError",
    "ParsedProcess",
    "ReadyTask",
    "Run",
    "ScriptError",
    "TaskNotReady",
    "UserTaskSpec",
    "WaitingMessage",
    "WaitingTimer",
    "migration",
    "parse_files",
    "parse_texts",
    "restore",
    "start",
]
