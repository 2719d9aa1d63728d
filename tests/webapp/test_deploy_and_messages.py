"""Deploying versions, refusing unsafe or incomplete diagrams, and messages delivered by the API."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from sqlalchemy import select

from tests.helpers import REPORT, complete, only_task
from webapp.extensions import db
from webapp.models import ProcessDefinition, ProcessInstance

ROOT = Path(__file__).resolve().parents[2]
ENGINE_DIAGRAMS = ROOT / "tests" / "engine" / "diagrams"
NOTE_FORM = {
    "title": "办理",
    "schema": {"type": "object", "properties": {"note": {"type": "string", "title": "备注"}}},
}


@pytest.fixture
def forms_dir(demo, tmp_path) -> Path:
    """A forms folder holding the real forms plus the test diagrams' forms."""
    target = tmp_path / "forms"
    shutil.copytree(ROOT / "forms", target)
    (target / "payment").mkdir()
    for task in ("submit_invoice", "confirm_payment"):
        (target / "payment" / f"{task}.json").write_text(json.dumps(NOTE_FORM, ensure_ascii=False))
    demo.config["FORMS_DIR"] = str(target)
    return target


def _deploy(app, *paths) -> tuple[int, str]:
    result = app.test_cli_runner().invoke(args=["deploy", *map(str, paths)])
    return result.exit_code, result.output


def test_a_changed_diagram_is_a_new_version_and_old_instances_stay_on_theirs(
    deployed, api, tmp_path
):
    school, city = api("school"), api("city")
    old = school.post("/api/v1/processes/school_report/instances", json={"data": {}}).get_json()
    assert old["version"] == 1
    assert _deploy(deployed, ROOT / "workflows" / "school_report.bpmn")[1].count("未变化") == 1

    changed = tmp_path / "school_report.bpmn"
    source = (ROOT / "workflows" / "school_report.bpmn").read_text(encoding="utf-8")
    changed.write_text(source.replace('name="市级初审"', 'name="市级审核"'), encoding="utf-8")
    code, output = _deploy(deployed, changed)
    assert code == 0 and "v2" in output and "新版本" in output

    new = school.post("/api/v1/processes/school_report/instances", json={"data": {}}).get_json()
    assert new["version"] == 2
    complete(school, old["tasks"][0]["id"], REPORT)
    complete(school, new["tasks"][0]["id"], REPORT)
    assert only_task(city, "市级初审")["instance_id"] == old["id"]
    assert only_task(city, "市级审核")["instance_id"] == new["id"]
    with deployed.app_context():
        versions = db.session.scalars(
            select(ProcessDefinition.version)
            .where(ProcessDefinition.key == "school_report")
            .order_by(ProcessDefinition.version)
        ).all()
        assert versions == [1, 2]
        old_row = db.session.get(ProcessInstance, old["id"])
        assert old_row.definition.version == 1
        assert "process_definition" not in old_row.state and len(old_row.state) < len(
            old_row.definition.spec_json
        )


def test_a_diagram_with_an_import_is_refused_naming_element_and_expression(demo, tmp_path):
    source = (ROOT / "workflows" / "school_report.bpmn").read_text(encoding="utf-8")
    bad = tmp_path / "school_report.bpmn"
    bad.write_text(
        source.replace('city_decision == "return"', "__import__('os').system('id')"),
        encoding="utf-8",
    )
    code, output = _deploy(demo, bad)
    assert code != 0
    assert "city_gateway" in output  # the gateway that holds the condition
    assert "__import__" in output
    with demo.app_context():
        assert db.session.scalar(select(ProcessDefinition)) is None


def test_a_user_task_without_a_form_is_refused(demo, tmp_path):
    code, output = _deploy(demo, ENGINE_DIAGRAMS / "payment.bpmn")
    assert code != 0
    assert "缺少表单文件 forms/payment/submit_invoice.json" in output


def test_a_waiting_message_is_delivered_through_the_api(demo, forms_dir, api):
    assert _deploy(demo, ENGINE_DIAGRAMS / "payment.bpmn")[0] == 0
    school = api("school")
    started = school.post("/api/v1/processes/payment/instances", json={"data": {}}).get_json()
    complete(school, started["tasks"][0]["id"], {"note": "已开票"})
    waiting = school.get(f"/api/v1/instances/{started['id']}").get_json()
    assert waiting["tasks"] == [] and waiting["status"] == "running"

    wrong = school.post(
        f"/api/v1/instances/{started['id']}/messages", json={"name": "refund", "data": {}}
    )
    assert wrong.status_code == 422 and "没有等待消息" in wrong.get_json()["message"]
    outsider = api("school2").post(
        f"/api/v1/instances/{started['id']}/messages", json={"name": "payment_received"}
    )
    assert outsider.status_code == 404

    delivered = school.post(
        f"/api/v1/instances/{started['id']}/messages",
        json={"name": "payment_received", "data": {"amount": 2300}},
    )
    assert delivered.status_code == 200, delivered.get_json()
    body = delivered.get_json()
    assert [t["name"] for t in body["tasks"]] == ["确认到账"]
    assert body["data"]["payment"] == {"amount": 2300}
    complete(school, body["tasks"][0]["id"], {})
    assert school.get(f"/api/v1/instances/{started['id']}").get_json()["status"] == "completed"


def test_a_renamed_process_shows_its_latest_name_in_every_list(deployed, api, login_as, tmp_path):
    # v2 renames the process and v3 names it back: the lists follow the latest version only.
    source = (ROOT / "workflows" / "school_report.bpmn").read_text(encoding="utf-8")
    renamed = tmp_path / "school_report.bpmn"
    for name in ("办学情况报送（试行）", "办学情况报送"):
        renamed.write_text(
            source.replace('name="办学情况报送"', f'name="{name}"'), encoding="utf-8"
        )
        assert _deploy(deployed, renamed)[0] == 0
    school = api("school")
    started = school.post("/api/v1/processes/school_report/instances", json={"data": {}})
    assert started.get_json()["version"] == 3
    complete(school, started.get_json()["tasks"][0]["id"], REPORT)

    pages = {
        "新建申请": login_as("school").get("/processes"),
        "待办": login_as("city").get("/inbox"),
        "督办": login_as("province").get("/supervision/"),
    }
    for page, response in pages.items():
        html = response.get_data(as_text=True)
        assert "办学情况报送" in html and "试行" not in html, page
