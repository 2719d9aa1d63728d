"""A ready user task as the platform sees it, and which process a task belongs to."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from SpiffWorkflow.bpmn.specs.mixins.multiinstance_task import MultiInstanceTask
from SpiffWorkflow.bpmn.specs.mixins.subworkflow_task import CallActivity

from webapp.engine.task_data import json_safe


@dataclass(frozen=True)
class ReadyTask:
    """A READY user/manual task; `data` is a JSON-safe copy, `properties` its spiff properties."""

    id: str
    spec_id: str
    name: str
    lane: str | None
    process_key: str
    data: dict
    properties: dict
    multi_instance_index: int | None


def owning_process(workflow: Any) -> str:
    """The process a task belongs to: an embedded subprocess belongs to the process that holds
    it (so its forms and inbox rows are that process's); a call activity's is the called one."""
    while getattr(workflow, "parent_task_id", None) is not None:
        parent_task = workflow.top_workflow.get_task_from_id(workflow.parent_task_id)
        if isinstance(parent_task.task_spec, CallActivity):
            break
        workflow = parent_task.workflow
    return workflow.spec.name


def ready_task(task: Any) -> ReadyTask:
    spec = task.task_spec
    extensions = getattr(spec, "extensions", None) or {}
    return ReadyTask(
        id=str(task.id),
        spec_id=spec.bpmn_id,
        name=spec.bpmn_name or spec.bpmn_id,
        lane=spec.lane,
        process_key=owning_process(task.workflow),
        data=json_safe(task.data),
        properties=dict(extensions.get("properties", {})),
        multi_instance_index=_multi_instance_index(task),
    )


def _multi_instance_index(task: Any) -> int | None:
    if task.parent is None or not isinstance(task.parent.task_spec, MultiInstanceTask):
        return None
    index = task.internal_data.get("key_or_index")
    return index if isinstance(index, int) else None
