"""The baseline for engine overhead: SpiffWorkflow's own BpmnWorkflow kept in memory.

This is the only bench module that imports SpiffWorkflow, and only for this baseline: the same
diagram parsed with SpiffBpmnParser, the stock PythonScriptEngine with the diagram's domain
functions in its environment, steps as `task.run()` + `do_engine_steps()`, nothing saved.
"""

from __future__ import annotations

import time
from uuid import UUID

from SpiffWorkflow.bpmn import BpmnWorkflow  # noqa: TID251 - the raw baseline
from SpiffWorkflow.bpmn.script_engine import (  # noqa: TID251 - the raw baseline
    PythonScriptEngine,
    TaskDataEnvironment,
)
from SpiffWorkflow.bpmn.serializer import BpmnWorkflowSerializer  # noqa: TID251
from SpiffWorkflow.spiff.parser.process import SpiffBpmnParser  # noqa: TID251
from SpiffWorkflow.spiff.serializer.config import SPIFF_CONFIG  # noqa: TID251
from SpiffWorkflow.util.task import TaskState  # noqa: TID251

from bench.common import ROOT
from webapp.processes.internship_approval.rules.flow import SCRIPT_FUNCTIONS

DIAGRAM = ROOT / "workflows" / "internship_approval.bpmn"


def _script_engine() -> PythonScriptEngine:
    functions = {**SCRIPT_FUNCTIONS, "notify": lambda lane, message: None}
    return PythonScriptEngine(environment=TaskDataEnvironment(functions))


class RawInternship:
    """Builds the case to a given user task once, then hands out fresh in-memory copies."""

    def __init__(self) -> None:
        parser = SpiffBpmnParser()
        parser.add_bpmn_file(str(DIAGRAM))
        self.spec = parser.get_spec("internship_approval")
        self.subprocess_specs = parser.get_subprocess_specs("internship_approval")
        self.serializer = BpmnWorkflowSerializer(BpmnWorkflowSerializer.configure(SPIFF_CONFIG))
        self.engine = _script_engine()

    def new(self, start_data: dict) -> BpmnWorkflow:
        workflow = BpmnWorkflow(self.spec, self.subprocess_specs, script_engine=self.engine)
        workflow.task_tree.data.update(start_data)
        workflow.do_engine_steps()
        return workflow

    @staticmethod
    def ready(workflow: BpmnWorkflow, spec_id: str | None = None) -> list:
        return [
            t
            for t in workflow.get_tasks(state=TaskState.READY, manual=True)
            if spec_id is None or t.task_spec.bpmn_id == spec_id
        ]

    @staticmethod
    def step(workflow: BpmnWorkflow, task_id: UUID, data: dict) -> None:
        """What is timed: find the task, merge its data, run it, run the engine until it waits."""
        task = workflow.get_task_from_id(task_id)
        task.data.update(data)
        task.run()
        workflow.do_engine_steps()

    def to_leader_approval(self, start_data: dict, application: dict) -> str:
        """Submit, every guardian agrees; the serialized workflow waiting for the leader."""
        workflow = self.new(start_data)
        (submit,) = self.ready(workflow, "submit_application")
        self.step(workflow, submit.id, application)
        for consent in self.ready(workflow, "guardian_consent"):
            self.step(workflow, consent.id, {"consent": "agree", "consent_note": ""})
        assert self.ready(workflow, "leader_approval"), "leader_approval should be ready"
        return self.serializer.serialize_json(workflow)

    def copy(self, blob: str) -> tuple[BpmnWorkflow, UUID]:
        """A fresh in-memory workflow from the snapshot (untimed) and its leader task's id."""
        workflow = self.serializer.deserialize_json(blob)
        workflow.script_engine = self.engine
        (task,) = self.ready(workflow, "leader_approval")
        return workflow, task.id

    def time_step(self, blob: str, data: dict) -> float:
        workflow, task_id = self.copy(blob)
        start = time.perf_counter()
        self.step(workflow, task_id, dict(data))
        elapsed = time.perf_counter() - start
        assert self.ready(workflow, "city_review"), "city_review should be ready"
        return elapsed
