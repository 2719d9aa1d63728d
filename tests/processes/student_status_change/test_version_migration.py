"""学籍异动 moved between versions: a version that adds a step after the city's approval takes a
moved instance down the new path; one that renames the step it waits at keeps it on its own
version, saying why (the diagram-wide case is tests/webapp/test_version_migration.py)."""

from __future__ import annotations

import shutil

from sqlalchemy import select

from tests.conftest import ROOT
from tests.helpers import complete, only_task
from tests.webapp.test_version_migration import _copy, _deploy, _migrate_all, _waiting
from webapp.extensions import db
from webapp.models import Event, ProcessDefinition

STATUS = "student_status_change.bpmn"


def _status_case(api) -> dict:
    from tests.processes.student_status_change.helpers import start, submit

    case = start(api, "赵一", "suspend")
    submit(api, case)
    return case


def test_a_version_that_adds_a_step_takes_the_moved_instance_down_the_new_path(
    registry, api, clock, tmp_path
):
    case = _status_case(api)

    def add_step(name: str, text: str) -> str:
        if name != STATUS:
            return text
        text = text.replace(
            '<bpmn:sequenceFlow id="f_approved" name="核准" sourceRef="gw_city" targetRef="mark_approved" />',
            '<bpmn:sequenceFlow id="f_approved" name="核准" sourceRef="gw_city" targetRef="archive_check" />'
            '<bpmn:sequenceFlow id="f_archived" sourceRef="archive_check" targetRef="mark_approved" />',
        )
        task = (
            '<bpmn:userTask id="archive_check" name="学籍档案复核"><bpmn:extensionElements>'
            '<spiffworkflow:properties><spiffworkflow:property name="formKey" value="city_review" />'
            "</spiffworkflow:properties></bpmn:extensionElements>"
            "<bpmn:incoming>f_approved</bpmn:incoming><bpmn:outgoing>f_archived</bpmn:outgoing>"
            "</bpmn:userTask>"
        )
        text = text.replace(
            "<bpmn:incoming>f_approved</bpmn:incoming>\n      <bpmn:incoming>f_receiving_city_approved</bpmn:incoming>",
            "<bpmn:incoming>f_archived</bpmn:incoming>\n      <bpmn:incoming>f_receiving_city_approved</bpmn:incoming>",
        )
        text = text.replace(
            "<bpmn:flowNodeRef>city_review</bpmn:flowNodeRef>",
            "<bpmn:flowNodeRef>city_review</bpmn:flowNodeRef>"
            "<bpmn:flowNodeRef>archive_check</bpmn:flowNodeRef>",
        )
        return text.replace("</bpmn:process>", task + "</bpmn:process>")

    _deploy(registry, clock, _copy(tmp_path, add_step))
    planned, result = _migrate_all(registry, clock, "student_status_change", 1, 2)
    assert result.moved == [case["id"]]
    assert [(s.step_id, s.in_target) for s in planned[0].check.waiting] == [("city_review", True)]
    complete(
        api("city"),
        only_task(api("city"), "市教育局核准学籍异动：赵一")["id"],
        {"city_decision": "approve"},
    )
    assert only_task(api("city"), "学籍档案复核")["instance_id"] == case["id"]
    with registry.app_context():
        actions = db.session.scalars(select(Event.action).where(Event.instance_id == case["id"]))
        assert "instance_migrated" in list(actions)


def test_a_version_that_renames_the_waiting_step_keeps_the_instance(registry, api, clock, tmp_path):
    case = _status_case(api)

    def rename_step(name: str, text: str) -> str:
        return text.replace('"city_review"', '"city_approval"') if name == STATUS else text

    forms = tmp_path / "forms"
    shutil.copytree(ROOT / "forms", forms)
    (forms / "student_status_change" / "city_approval.json").write_text(
        (forms / "student_status_change" / "city_review.json").read_text("utf-8"), "utf-8"
    )
    registry.config["FORMS_DIR"] = str(forms)
    _deploy(registry, clock, _copy(tmp_path, rename_step))
    planned, result = _migrate_all(registry, clock, "student_status_change", 1, 2)
    assert not planned[0].possible and "city_review" in planned[0].problem
    assert [(s.step_id, s.in_target) for s in planned[0].check.waiting] == [("city_review", False)]
    assert result.moved == [] and "新版本中没有环节 city_review" in result.kept[case["id"]]
    assert _waiting(registry, clock, case["id"])["version"] == 1
    with registry.app_context():
        assert (
            db.session.scalar(
                select(ProcessDefinition.version)
                .where(ProcessDefinition.key == "student_status_change")
                .order_by(ProcessDefinition.version.desc())
            )
            == 2
        )


def test_a_version_that_moves_the_waiting_step_to_another_lane_keeps_the_instance(
    registry, api, clock, tmp_path
):
    case = _status_case(api)

    def move_lane(name: str, text: str) -> str:
        if name != STATUS:
            return text
        text = text.replace("<bpmn:flowNodeRef>city_review</bpmn:flowNodeRef>", "", 1)
        return text.replace(
            "<bpmn:flowNodeRef>start</bpmn:flowNodeRef>",
            "<bpmn:flowNodeRef>start</bpmn:flowNodeRef><bpmn:flowNodeRef>city_review</bpmn:flowNodeRef>",
            1,
        )

    _deploy(registry, clock, _copy(tmp_path, move_lane))
    planned, result = _migrate_all(registry, clock, "student_status_change", 1, 2)
    assert not planned[0].possible and "换了泳道或表单" in planned[0].problem
    assert result.moved == [] and _waiting(registry, clock, case["id"])["version"] == 1
