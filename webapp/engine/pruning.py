"""Finished subprocesses leave the engine state; what the diagram shows of them stays.

SpiffWorkflow keeps every subprocess it ever ran, and each one starts with a deep copy of its
parent task's data: a 20-way multi-instance subprocess holds twenty copies of the case. Once a
subprocess has completed and its parent task has taken its result, nothing runs in it again, so
it is deleted before the state is written. The states of its elements (for the diagram's
markers) are kept in a small map on the workflow, written with the state.
"""

from __future__ import annotations

from typing import Any

from SpiffWorkflow.util.task import TaskState

STATE_LABELS = {
    TaskState.READY: "ready",
    TaskState.WAITING: "waiting",
    TaskState.STARTED: "waiting",  # a running subprocess or multi-instance is waiting on its parts
    TaskState.COMPLETED: "completed",
    TaskState.ERROR: "error",
}
LABEL_PRIORITY = {"completed": 0, "waiting": 1, "ready": 2, "error": 3}
FINISHED_STEPS = "finished_steps"  # attribute on the top workflow, and key in the stored state


def finished_steps(workflow: Any) -> dict[str, str]:
    """Element states recorded from the subprocesses already pruned (empty if none)."""
    return getattr(workflow, FINISHED_STEPS, None) or {}


def step_states(workflow: Any) -> dict[str, str]:
    """BPMN element id -> ready/waiting/completed/error, over the process, its live subprocesses
    and those already pruned. An element visited more than once shows its most pressing state."""
    states = dict(finished_steps(workflow))
    _merge_states(states, [workflow, *workflow.subprocesses.values()])
    return states


def prune_finished_subprocesses(workflow: Any) -> int:
    """Delete every completed subprocess whose parent task has completed; returns how many."""
    pruned = 0
    for task_id in list(workflow.subprocesses):
        subprocess = workflow.subprocesses.get(task_id)
        if subprocess is None or not subprocess.completed:
            continue  # already deleted with its parent subprocess, or still running
        parent = workflow.get_task_from_id(task_id)
        if parent is None or parent.state != TaskState.COMPLETED:
            continue
        nested = [subprocess, *_descendants(workflow, subprocess)]
        states = dict(finished_steps(workflow))
        _merge_states(states, nested)
        setattr(workflow, FINISHED_STEPS, states)
        for task in workflow.delete_subprocess(parent):
            workflow.event_manager.remove_task(task)
        pruned += len(nested)
    return pruned


def _descendants(workflow: Any, subprocess: Any) -> list[Any]:
    found, frontier = [], [subprocess]
    while frontier:
        parent = frontier.pop()
        children = [sp for sp in workflow.subprocesses.values() if sp.parent_workflow is parent]
        found += children
        frontier += children
    return found


def _merge_states(states: dict[str, str], workflows: list[Any]) -> None:
    for workflow in workflows:
        for task in workflow.tasks.values():
            label, bpmn_id = STATE_LABELS.get(task.state), task.task_spec.bpmn_id
            if (
                label
                and bpmn_id
                and LABEL_PRIORITY[label] > LABEL_PRIORITY.get(states.get(bpmn_id), -1)
            ):
                states[bpmn_id] = label
