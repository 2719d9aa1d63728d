"""Moving a running instance to another version of its process, as Camunda's instance migration
does: its stored state is read against the target version's specs. Every step the state holds
(waiting, finished or cancelled) must exist in the target under the same id, or the instance
stays on its version; the waiting steps are listed with whether the target has them."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from webapp.clock import Clock
from webapp.engine.run import restore
from webapp.engine.serialization import dump_state, load_state, specs_from_json


@dataclass(frozen=True)
class WaitingStep:
    step_id: str
    name: str
    kind: str  # "task", "timer" or "message"
    in_target: bool


@dataclass(frozen=True)
class MigrationCheck:
    waiting: list[WaitingStep] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # step ids of the state the target lacks
    # Waiting user tasks whose lane or form the target changes: their open inbox rows were made
    # for the old ones, so the instance stays where it is.
    changed: list[str] = field(default_factory=list)

    @property
    def possible(self) -> bool:
        return not self.missing and not self.changed


def _state_steps(state: str) -> set[str]:
    """The spec names of every task the state holds, in the process and its subprocesses."""
    dct = json.loads(state)
    names = {task["task_spec"] for task in dct.get("tasks", {}).values()}
    for sub in (dct.get("subprocesses") or {}).values():
        names |= {task["task_spec"] for task in sub.get("tasks", {}).values()}
    return names


def _spec_steps(spec_json: str) -> set[str]:
    spec, subprocess_specs = specs_from_json(spec_json)
    names = set(spec.task_specs)
    for sub in subprocess_specs.values():
        names |= set(sub.task_specs)
    return names


def _task_shapes(spec_json: str) -> dict[str, tuple]:
    """(lane, formKey) of every task by BPMN id, in the process and its subprocesses."""
    spec, subprocess_specs = specs_from_json(spec_json)
    shapes = {}
    for each in (spec, *subprocess_specs.values()):
        for task_spec in each.task_specs.values():
            properties = (getattr(task_spec, "extensions", None) or {}).get("properties", {})
            shapes[task_spec.bpmn_id] = (task_spec.lane, properties.get("formKey"))
    return shapes


def _changed(run, target_json: str) -> list[str]:
    shapes = _task_shapes(target_json)
    changed = []
    for task in run.ready_user_tasks():
        now = (task.lane, task.properties.get("formKey"))
        if task.spec_id in shapes and shapes[task.spec_id] != now:
            changed.append(task.spec_id)
    return changed


def _waiting(run, target: set[str]) -> list[WaitingStep]:
    steps = [
        WaitingStep(t.spec_id, t.name, "task", t.spec_id in target) for t in run.ready_user_tasks()
    ]
    steps += [
        WaitingStep(t.spec_id, t.name, "timer", t.spec_id in target) for t in run.waiting_timers()
    ]
    steps += [
        WaitingStep(m.spec_id, m.message_name, "message", m.spec_id in target)
        for m in run.waiting_messages()
    ]
    return steps


def check(state: str, source_spec_json: str, target_spec_json: str, clock: Clock) -> MigrationCheck:
    """What moving the state to the target version means: its waiting steps and whether each
    is in the target, and the steps the target lacks (any of them keeps the instance back)."""
    target = _spec_steps(target_spec_json)
    run = restore(source_spec_json, state, clock)
    missing = sorted(_state_steps(state) - target)
    return MigrationCheck(_waiting(run, target), missing, _changed(run, target_spec_json))


def migrate(state: str, target_spec_json: str) -> str:
    """The state read against the target's specs and written again (check() first)."""
    return dump_state(load_state(state, specs_from_json(target_spec_json)))
