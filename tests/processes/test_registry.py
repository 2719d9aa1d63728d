"""The process registry: a module declared wrongly stops the app's start with the reason; a
throw-away process in a temporary folder runs end to end without touching the platform."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import pytest

from tests.helpers import complete
from webapp import create_app
from webapp.processes import INSTALLED
from webapp.processes.base import DocumentKind, Panel, ProcessModule
from webapp.processes.registry import RegistrationError, Registry

ROOT = Path(__file__).resolve().parents[2]
WORKFLOWS, FORMS = str(ROOT / "workflows"), str(ROOT / "forms")

DIAGRAM = """<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
    id="Definitions_trial" targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:process id="trial_leave" name="试用请假" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:userTask id="ask" name="填写请假" />
    <bpmn:scriptTask id="count" name="计算">
      <bpmn:script>hours = leave_hours(days) + grace_hours</bpmn:script>
    </bpmn:scriptTask>
    <bpmn:endEvent id="end" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="ask" />
    <bpmn:sequenceFlow id="f2" sourceRef="ask" targetRef="count" />
    <bpmn:sequenceFlow id="f3" sourceRef="count" targetRef="end" />
  </bpmn:process>
</bpmn:definitions>
"""
FORM = {
    "title": "填写请假",
    "schema": {
        "type": "object",
        "required": ["days"],
        "properties": {"days": {"type": "integer", "title": "天数", "minimum": 1}},
    },
}
PACKAGE = """
from webapp.processes.base import ProcessModule, folder_of


def too_long(data, today, context):
    return {"days": "请假不能超过 10 天"} if data.get("days", 0) > 10 else {}


PROCESS = ProcessModule(
    key="trial_leave",
    validators={"ask": too_long},
    hooks={"start_data": lambda given, school: {"grace_hours": 2}},
    script_functions={"leave_hours": lambda days: days * 8},
    event_labels={"trial_noted": "试用记录"},
    folder=folder_of(__file__),
)
"""


def _registry(*modules: ProcessModule, workflows: str = WORKFLOWS) -> Registry:
    return Registry(modules, workflows, FORMS)


@pytest.mark.parametrize(
    ("modules", "reason"),
    [
        ((ProcessModule("school_report"), ProcessModule("school_report")), "installed twice"),
        ((ProcessModule("school_report", hooks={"on_start": print}),), "unknown hook"),
        ((ProcessModule("no_such_process"),), "no diagram"),
        ((ProcessModule("school_report", validators={"nope": print}),), "forms that do not"),
        (
            (
                ProcessModule("school_report", documents={"letter": DocumentKind("函", "a.html")}),
                ProcessModule(
                    "student_registration", documents={"letter": DocumentKind("函", "b.html")}
                ),
            ),
            "document kind 'letter' declared by both",
        ),
        (
            (
                ProcessModule("school_report", script_functions={"f": print}),
                ProcessModule("student_registration", script_functions={"f": print}),
            ),
            "script function 'f'",
        ),
        (
            (ProcessModule("school_report", panels=[Panel("sidebar", "x.html")]),),
            "panel slots must be one of case, task, supervision",
        ),
    ],
)
def test_a_module_declared_wrongly_is_refused_with_the_reason(modules, reason):
    with pytest.raises(RegistrationError, match=reason):
        _registry(*modules)


def test_page_panels_gather_every_process_s_panels_for_a_slot():
    dashboard = Panel("supervision", "a.html")
    registry = _registry(
        ProcessModule("school_report", panels=[Panel("case", "b.html"), dashboard]),
        ProcessModule("student_registration"),
    )
    assert registry.page_panels("supervision") == [dashboard]
    assert registry.page_panels("task") == []


def test_the_app_does_not_start_with_a_broken_module(tmp_path, monkeypatch):
    (tmp_path / "broken_process").mkdir()
    (tmp_path / "broken_process" / "__init__.py").write_text("PROCESS = None\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    with pytest.raises(RegistrationError, match="declares no PROCESS"):
        create_app({"PROCESSES": (*INSTALLED, "broken_process"), "SECRET_KEY": "x"})


def test_a_key_nobody_installed_has_no_hooks_or_rules():
    registry = _registry()
    assert registry.get("anything").hooks == {} and registry.validator("anything", "x") is None


@pytest.fixture
def app_config(tmp_path, monkeypatch):
    """The installed processes plus `trial_leave`: a package in a temporary folder with its
    own diagram and form, installed by configuration alone."""
    workflows, forms = tmp_path / "workflows", tmp_path / "forms"
    shutil.copytree(WORKFLOWS, workflows)
    shutil.copytree(FORMS, forms)
    (workflows / "trial_leave.bpmn").write_text(DIAGRAM, encoding="utf-8")
    (forms / "trial_leave").mkdir()
    (forms / "trial_leave" / "ask.json").write_text(json.dumps(FORM, ensure_ascii=False))
    (tmp_path / "trial_leave").mkdir()
    (tmp_path / "trial_leave" / "__init__.py").write_text(PACKAGE, encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    yield {
        "PROCESSES": (*INSTALLED, "trial_leave"),
        "WORKFLOWS_DIR": str(workflows),
        "FORMS_DIR": str(forms),
    }
    sys.modules.pop("trial_leave", None)


def test_a_throw_away_process_runs_end_to_end_through_the_api(deployed, api):
    school = api("school")
    started = school.post("/api/v1/processes/trial_leave/instances", json={})
    assert started.status_code == 201, started.get_json()
    task = started.get_json()["tasks"][0]["id"]
    refused = complete(school, task, {"days": 12}, status=422)
    assert refused["fields"] == {"days": "请假不能超过 10 天"}
    complete(school, task, {"days": 3})
    body = school.get(f"/api/v1/instances/{started.get_json()['id']}").get_json()
    assert body["status"] == "completed"
    assert body["data"]["hours"] == 3 * 8 + 2  # its script function and its start data
    with deployed.app_context():
        from webapp.audit import label

        assert label("trial_noted") == "试用记录"


def test_every_installed_process_is_in_the_layer_contracts():
    """Installing a process without naming it in pyproject.toml's import-linter contracts would
    leave it unchecked: independence from the others, and the platform never importing it."""
    import tomllib

    contracts = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
    by_type = {c["type"]: c for c in contracts["contracts"] if c["type"] == "independence"}
    forbidden = next(c for c in contracts["contracts"] if "never imports" in c["name"])
    assert set(by_type["independence"]["modules"]) == set(INSTALLED)
    assert set(forbidden["forbidden_modules"]) == set(INSTALLED)
