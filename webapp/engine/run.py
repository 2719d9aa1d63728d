"""One live workflow instance: start/restore it, complete tasks, deliver messages, fire timers."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from SpiffWorkflow.bpmn import BpmnEvent, BpmnWorkflow
from SpiffWorkflow.bpmn.specs.event_definitions.message import MessageEventDefinition
from SpiffWorkflow.bpmn.specs.event_definitions.timer import TimerEventDefinition
from SpiffWorkflow.bpmn.specs.mixins.multiinstance_task import LoopTask
from SpiffWorkflow.util.task import TaskState

from webapp.clock import Clock
from webapp.engine.errors import ScriptError, TaskNotReady
from webapp.engine.failures import element_id, loop_limit_error, script_errors
from webapp.engine.pruning import prune_finished_subprocesses, step_states
from webapp.engine.ready import ReadyTask, ready_task
from webapp.engine.script_engine import RestrictedScriptEngine
from webapp.engine.serialization import dump_state, load_state, specs_from_json
from webapp.engine.task_data import json_safe, storable_copy
from webapp.engine.timers import ClockTimer

# SpiffWorkflow stops iterating a task tree at depth 1000; past it nothing runs and the workflow
# reports itself completed. A loop in the diagram deepens the tree a few levels per round, so
# stop with a ScriptError well before the cap instead of losing the instance silently.
LOOP_DEPTH_LIMIT = 900
# Engine rounds per call: timers that come due during a round only run in the next one.
MAX_SETTLE_ROUNDS = 50
# A task that failed while being prepared stays in one of these states behind a finished parent.
STUCK = TaskState.FUTURE | TaskState.PREDICTED_MASK


@dataclass(frozen=True)
class WaitingTimer:
    """A timer event waiting for `due_at` (aware UTC, computed from the run's Clock)."""

    task_id: str
    spec_id: str
    due_at: datetime
    name: str = ""


@dataclass(frozen=True)
class WaitingMessage:
    """A message catch event (intermediate or boundary) waiting for `message_name`."""

    task_id: str
    spec_id: str
    message_name: str


class Run:
    """One live workflow instance."""

    def __init__(self, workflow: BpmnWorkflow, restored: bool = False) -> None:
        self._workflow = workflow
        # The user tasks that were ready when a stored run was restored (None for a new one):
        # a step that leaves them as they were changes nothing in the inbox.
        self._ready_at_restore = self._ready_ids() if restored else None

    def _ready_ids(self) -> frozenset[str]:
        return frozenset(
            str(t.id) for t in self._workflow.get_tasks(state=TaskState.READY, manual=True)
        )

    @property
    def user_tasks_changed(self) -> bool:
        """Whether the ready user tasks differ from those at restore (always, for a new run)."""
        return self._ready_at_restore is None or self._ready_ids() != self._ready_at_restore

    def ready_user_tasks(self) -> list[ReadyTask]:
        return [ready_task(t) for t in self._workflow.get_tasks(state=TaskState.READY, manual=True)]

    def complete_task(self, task_id: str, data: dict) -> None:
        """Merge `data` into the task, run it, then run the engine until it waits."""
        task = self._ready_user_task(task_id)
        task.data.update(storable_copy(data))
        with self._steps():
            guard_loop_depth(task)
            task.run()
            self._settle()

    def retry(self, task_id: str, data: dict | None = None) -> None:
        """Run a task that failed (ScriptError.task_id) again, with `data` merged into it first
        (the fix an administrator gives), then run the engine until it waits."""
        try:
            task = self._workflow.get_task_from_id(UUID(task_id))
        except Exception:
            raise TaskNotReady(task_id) from None
        task.data.update(storable_copy(data or {}))
        with self._steps():
            if task.state == TaskState.ERROR:
                task._set_state(TaskState.READY)
            elif task.state & STUCK and task.parent.state == TaskState.COMPLETED:
                task.task_spec._update(task)  # it failed while being prepared
            self._settle()

    @contextmanager
    def _steps(self) -> Iterator[None]:
        """Engine failures as ScriptError, carrying this run as the failure left it."""
        try:
            with script_errors():
                yield
        except ScriptError as error:
            error.run = self
            raise

    def send_message(self, message_name: str, payload: dict) -> bool:
        """Deliver to the catch events waiting for `message_name`; False if none waits.

        The payload lands in the variable named by the catch event's
        spiffworkflow:messageVariable; without one SpiffWorkflow drops it.
        """
        waiting = [
            t for t in self._waiting(MessageEventDefinition) if _message_name(t) == message_name
        ]
        if not waiting:
            return False
        event = BpmnEvent(waiting[0].task_spec.event_definition, storable_copy(payload))
        with self._steps():
            self._workflow.send_event(event)
            self._settle()
        return True

    def reschedule_timer(self, task_id: str, due_at: datetime) -> bool:
        """Move a waiting one-shot timer to `due_at` (a deadline recomputed on a changed
        working-day calendar). False when the task is not such a timer."""
        task = next((t for t in self._waiting(TimerEventDefinition) if str(t.id) == task_id), None)
        if task is None or not isinstance(task.task_spec.event_definition, ClockTimer):
            return False
        task._set_internal_data(event_value=due_at.isoformat())
        return True

    def waiting_messages(self) -> list[WaitingMessage]:
        return [
            WaitingMessage(str(t.id), element_id(t.task_spec), _message_name(t))
            for t in self._waiting(MessageEventDefinition)
        ]

    def waiting_timers(self) -> list[WaitingTimer]:
        timers = []
        for task in self._waiting(TimerEventDefinition):
            due_at = _due_at(task)
            if due_at is not None:
                spec = task.task_spec
                name = getattr(spec, "bpmn_name", None) or ""
                timers.append(WaitingTimer(str(task.id), element_id(spec), due_at, name))
        return timers

    def fire_due_timers(self) -> int:
        """Fire timers due at the clock's now; returns how many fired."""
        before = [(task, _timer_state(task)) for task in self._waiting(TimerEventDefinition)]
        with self._steps():
            self._workflow.refresh_timers()
            fired = sum(1 for task, state in before if _timer_state(task) != state)
            self._settle()
        return fired

    @property
    def is_completed(self) -> bool:
        return self._workflow.is_completed()

    @property
    def data(self) -> dict:
        """The workflow's data, JSON-safe.

        Completed: the data of the end event (SpiffWorkflow's workflow.data). Unfinished: the data
        of the top process's completed tasks merged in completion order (multi-instance and loop
        iterations left out: their item variables are not process data), plus data objects.
        """
        workflow = self._workflow
        if workflow.is_completed():
            return json_safe(workflow.data)
        merged: dict[str, Any] = {}
        for task in sorted(_completed_process_tasks(workflow), key=lambda t: t.last_state_change):
            merged.update(task.data)
        merged.update(workflow.data)
        return json_safe(merged)

    def step_states(self) -> dict[str, str]:
        """BPMN element id -> ready/waiting/completed/error, over the process and its subprocesses
        (finished ones included). An element visited more than once shows its most pressing state.
        """
        return step_states(self._workflow)

    def dump(self) -> str:
        """Runtime state as JSON text, without the specs; finished subprocesses are pruned first."""
        prune_finished_subprocesses(self._workflow)
        return dump_state(self._workflow)

    def _ready_user_task(self, task_id: str) -> Any:
        try:
            task = self._workflow.get_task_from_id(UUID(task_id))
        except Exception:
            raise TaskNotReady(task_id) from None
        if task is None or task.state != TaskState.READY or not task.task_spec.manual:
            raise TaskNotReady(task_id)
        return task

    def _waiting(self, definition_class: type) -> list[Any]:
        return [
            task
            for task in self._workflow.event_manager.tasks.values()
            if task.state == TaskState.WAITING
            and isinstance(task.task_spec.event_definition, definition_class)
        ]

    def _settle(self) -> None:
        workflow = self._workflow
        for _ in range(MAX_SETTLE_ROUNDS):
            workflow.do_engine_steps(will_complete_task=guard_loop_depth)
            ready = workflow.get_tasks(state=TaskState.READY)
            if all(task.task_spec.manual for task in ready):
                return


def start(
    spec_json: str, data: dict, clock: Clock, functions: Mapping[str, Callable] | None = None
) -> Run:
    """Create an instance with `data` as its start data and run it until it waits."""
    spec, subprocess_specs = specs_from_json(spec_json)
    engine = RestrictedScriptEngine(clock, functions)
    workflow = BpmnWorkflow(spec, dict(subprocess_specs), script_engine=engine)
    workflow.task_tree.data.update(storable_copy(data))
    run = Run(workflow)
    with run._steps():
        run._settle()
    return run


def restore(
    spec_json: str, state: str, clock: Clock, functions: Mapping[str, Callable] | None = None
) -> Run:
    """A Run from dump() output and the spec JSON of its version; nothing runs."""
    workflow = load_state(state, specs_from_json(spec_json))
    workflow.script_engine = RestrictedScriptEngine(clock, functions)
    return Run(workflow, restored=True)


def guard_loop_depth(task: Any) -> None:
    """Raise ScriptError before a loop takes the task tree near SpiffWorkflow's depth cap."""
    if task.depth >= LOOP_DEPTH_LIMIT:
        raise loop_limit_error(task.task_spec, LOOP_DEPTH_LIMIT)


def _completed_process_tasks(workflow: BpmnWorkflow) -> list[Any]:
    # Only the diagram's own elements: SpiffWorkflow's internal tasks (joins after boundary
    # events, which have no bpmn_id) complete late with a copy of older data.
    return [
        task
        for task in workflow.tasks.values()
        if task.state == TaskState.COMPLETED
        and task.task_spec.bpmn_id is not None
        and not (task.parent is not None and isinstance(task.parent.task_spec, LoopTask))
    ]


def _message_name(task: Any) -> str:
    return task.task_spec.event_definition.name


def _due_at(task: Any) -> datetime | None:
    value = task.internal_data.get("event_value")
    if isinstance(value, dict):  # cycle timer: the next occurrence
        value = value.get("next") if value.get("cycles") != 0 else None
    return datetime.fromisoformat(value) if isinstance(value, str) else None


def _timer_state(task: Any) -> tuple[int, str]:
    return task.state, repr(task.internal_data.get("event_value"))
