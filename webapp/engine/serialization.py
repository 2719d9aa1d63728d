"""Serialization: spec bundles (once per version) kept apart from runtime state (per instance)."""

# The format version stays SpiffWorkflow 3.2.0's "1.5". The spec bundle is
# {"serializer_version", "spec", "subprocess_specs"} in SpiffWorkflow's own dict format, so any
# 3.2.0 serializer can read it; the runtime state is the usual workflow dict minus the two specs.

from __future__ import annotations

import json
import threading
from datetime import date
from decimal import Decimal
from functools import lru_cache
from typing import Any

from SpiffWorkflow.bpmn import BpmnWorkflow
from SpiffWorkflow.bpmn.serializer import BpmnWorkflowSerializer
from SpiffWorkflow.bpmn.serializer.default.event_definition import (
    TimerConditionalEventDefinitionConverter,
)
from SpiffWorkflow.bpmn.serializer.default.workflow import (
    BpmnWorkflowConverter,
    WorkflowConverter,
)
from SpiffWorkflow.bpmn.serializer.workflow import VERSION
from SpiffWorkflow.bpmn.specs import BpmnProcessSpec
from SpiffWorkflow.spiff.serializer.config import SPIFF_CONFIG

from webapp.engine.pruning import FINISHED_STEPS, finished_steps
from webapp.engine.timers import CLOCK_TIMERS

SpecBundle = tuple[BpmnProcessSpec, dict[str, BpmnProcessSpec]]


class StateOnlyWorkflowConverter(BpmnWorkflowConverter):
    """Writes a workflow without its specs; restores it with specs passed in as objects."""

    def to_dict(self, workflow: BpmnWorkflow) -> dict:
        dct = WorkflowConverter.to_dict(self, workflow)
        dct["subprocesses"] = self.mapping_to_dict(workflow.subprocesses)
        dct["bpmn_events"] = self.registry.convert(workflow.bpmn_events)
        if finished_steps(workflow):
            dct[FINISHED_STEPS] = finished_steps(workflow)
        return dct

    def from_dict(self, dct: dict, spec: Any = None, subprocess_specs: Any = None) -> BpmnWorkflow:
        # registry.restore() returns non-dict values unchanged, so the base class takes the
        # already-built spec objects as they are instead of rebuilding them from dicts.
        dct = {**dct, "spec": spec, "subprocess_specs": subprocess_specs}
        finished = dct.pop(FINISHED_STEPS, None)
        workflow = super().from_dict(dct)
        if finished:
            setattr(workflow, FINISHED_STEPS, finished)
        return workflow


def _build_serializer() -> BpmnWorkflowSerializer:
    registry = BpmnWorkflowSerializer.configure(SPIFF_CONFIG)
    # datetime and timedelta are registered by SpiffWorkflow's DefaultRegistry already.
    registry.register(date, _value_to_dict, lambda d: date.fromisoformat(d["value"]), "date")
    registry.register(Decimal, _value_to_dict, lambda d: Decimal(d["value"]), "Decimal")
    for typename, timer_class in CLOCK_TIMERS.items():
        # Same typename as SpiffWorkflow's class: the JSON stays standard, restoring gives ours.
        TimerConditionalEventDefinitionConverter(timer_class, registry, typename=typename)
    StateOnlyWorkflowConverter(BpmnWorkflow, registry)
    return BpmnWorkflowSerializer(registry, version=VERSION)


def _value_to_dict(value: date | Decimal) -> dict:
    return {"value": value.isoformat() if isinstance(value, date) else str(value)}


_local = threading.local()


def _serializer() -> BpmnWorkflowSerializer:
    # serialize_json() flips a mode flag on the registry, so threads do not share one.
    if not hasattr(_local, "serializer"):
        _local.serializer = _build_serializer()
    return _local.serializer


def specs_to_json(spec: BpmnProcessSpec, subprocess_specs: dict[str, BpmnProcessSpec]) -> str:
    """The spec bundle as JSON text; deterministic for the same diagrams."""
    registry = _serializer().registry
    bundle = {
        "serializer_version": VERSION,
        "spec": registry.convert(spec),
        # Sorted: the parser collects dependencies in sets, and set order varies per process.
        "subprocess_specs": {k: registry.convert(v) for k, v in sorted(subprocess_specs.items())},
    }
    return json.dumps(bundle, ensure_ascii=False)


@lru_cache(maxsize=64)
def specs_from_json(spec_json: str) -> SpecBundle:
    """Build the spec objects once per bundle; they are read-only at run time and shared by Runs."""
    bundle = json.loads(spec_json)
    _check_version(bundle.get("serializer_version"))
    registry = _serializer().registry
    subprocess_specs = {k: registry.restore(v) for k, v in bundle["subprocess_specs"].items()}
    return registry.restore(bundle["spec"]), subprocess_specs


def dump_state(workflow: BpmnWorkflow) -> str:
    """Runtime state as compact UTF-8 JSON text, without specs: what serialize_json() writes
    (the same dict, with the serializer's version), minus its \\uXXXX escapes and spaces, which
    made a Chinese case's state about twice its size. load_state reads either."""
    serializer = _serializer()
    serializer.registry._encoder_mode = True  # as serialize_json() sets it while converting
    try:
        state = serializer.to_dict(workflow)
        state[serializer.VERSION_KEY] = serializer.VERSION
        return json.dumps(
            state, cls=serializer._encoder_cls, ensure_ascii=False, separators=(",", ":")
        )
    finally:
        serializer.registry._encoder_mode = False


def load_state(state: str, specs: SpecBundle) -> BpmnWorkflow:
    """A workflow from dump_state() output and the spec objects of its version."""
    dct = json.loads(state)
    _check_version(dct.pop(BpmnWorkflowSerializer.VERSION_KEY, None))
    spec, subprocess_specs = specs
    return _serializer().from_dict(dct, spec=spec, subprocess_specs=dict(subprocess_specs))


def _check_version(version: str | None) -> None:
    # SpiffWorkflow's migrations need the specs inside the blob; upgrading is a separate job.
    if version != VERSION:
        raise ValueError(f"engine state format {version!r} is not {VERSION!r}")
