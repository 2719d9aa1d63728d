"""Diagrams from other modelers through deploy and the JSON API: Camunda form fields as the
task's form, lanes mapped by lanes.json, refusals in Chinese naming the element."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from sqlalchemy import select

from tests.helpers import complete, only_task
from webapp.clock import current_clock
from webapp.extensions import db
from webapp.models import ProcessDefinition, WorkItem
from webapp.services.deploy import deploy_texts

ROOT = Path(__file__).resolve().parents[2]
CAMUNDA = ROOT / "tests" / "webapp" / "diagrams" / "camunda"
MODELERS = ROOT / "tests" / "engine" / "diagrams" / "modelers"
LEAVE = {
    "reason": "参加教研活动",
    "days": 2,
    "start_date": "2026-03-16",
    "kind": "personal",
    "has_substitute": True,
}


def _deploy(app, *paths) -> tuple[int, str]:
    result = app.test_cli_runner().invoke(args=["deploy", *map(str, paths)])
    return result.exit_code, result.output


def test_deploy_of_a_camunda_modeler_file_with_form_fields(demo, api, login_as):
    code, output = _deploy(demo, CAMUNDA / "leave_camunda.bpmn")  # lanes.json lies beside it
    assert code == 0, output
    school, city = api("school"), api("city")
    started = school.post("/api/v1/processes/leave_camunda/instances", json={"data": {}})
    assert started.status_code == 201, started.get_json()
    (task,) = started.get_json()["tasks"]
    form = school.get(f"/api/v1/tasks/{task['id']}").get_json()["form"]
    assert form["title"] == "填写请假申请"
    assert form["schema"]["properties"]["days"] == {
        "type": "integer", "title": "请假天数", "minimum": 1, "maximum": 30
    }  # fmt: skip
    assert form["ui"]["fields"]["kind"]["enumNames"] == ["病假", "事假"]

    bad = complete(school, task["id"], {**LEAVE, "days": 40, "kind": "holiday", "reason": ""}, 422)
    assert set(bad["fields"]) == {"days", "kind", "reason"}
    assert all(any("\u4e00" <= c <= "\u9fff" for c in text) for text in bad["fields"].values())
    extra = complete(school, task["id"], {**LEAVE, "approved": True}, 422)
    assert "approved" in extra["fields"]

    complete(school, task["id"], LEAVE)
    review = only_task(city, "审批请假")  # the Reviewer lane is the city's
    complete(city, review["id"], {"decision": "approved"})
    finished = school.get(f"/api/v1/instances/{started.get_json()['id']}").get_json()
    assert finished["status"] == "completed"
    assert finished["data"]["days"] == 2 and finished["data"]["decision"] == "approved"
    page = login_as("city").get(f"/instances/{finished['id']}").get_data(as_text=True)
    assert "请假天数" in page and "请假事由" in page  # the Camunda fields' labels on the case page


def test_the_deploy_service_takes_the_files_text_and_keeps_the_lanes_with_the_version(demo):
    text = (CAMUNDA / "leave_camunda.bpmn").read_text(encoding="utf-8")
    with demo.app_context():
        (result,) = deploy_texts(
            [("leave_camunda.bpmn", text)],
            demo.config["FORMS_DIR"],
            current_clock(),
            lanes={"Clerk": "school", "Reviewer": "province"},
        )
        db.session.commit()
        stored = db.session.scalar(select(ProcessDefinition))
        assert result.created and stored.source_file == "leave_camunda.bpmn"
        lanes = {t["id"]: t["lane"] for t in stored.user_tasks}
        assert lanes == {"apply": "school", "approve": "province"}
        assert [f["id"] for f in stored.user_tasks[0]["camunda_form"]][:2] == ["reason", "days"]


def test_unknown_lanes_are_listed_with_how_to_map_them(demo, api, tmp_path):
    shutil.copy(CAMUNDA / "leave_camunda.bpmn", tmp_path)
    code, output = _deploy(demo, tmp_path / "leave_camunda.bpmn")
    assert code != 0
    assert "“Clerk”（任务 apply）" in output and "“Reviewer”（任务 approve）" in output
    assert "lanes.json" in output and '"Clerk": "school"' in output

    (tmp_path / "lanes.json").write_text(json.dumps({"Clerk": "school", "Reviewer": "boss"}))
    code, output = _deploy(demo, tmp_path / "leave_camunda.bpmn")
    assert code != 0 and "Reviewer → boss 不是本系统的泳道" in output


def test_a_running_case_keeps_its_versions_lanes_when_the_mapping_changes(demo, api, tmp_path):
    shutil.copy(CAMUNDA / "leave_camunda.bpmn", tmp_path)
    (tmp_path / "lanes.json").write_text(json.dumps({"Clerk": "school", "Reviewer": "city"}))
    assert _deploy(demo, tmp_path / "leave_camunda.bpmn")[0] == 0
    school = api("school")
    started = school.post("/api/v1/processes/leave_camunda/instances", json={"data": {}})
    (tmp_path / "lanes.json").write_text(json.dumps({"Clerk": "school", "Reviewer": "province"}))
    code, output = _deploy(demo, tmp_path / "leave_camunda.bpmn")
    assert code == 0 and "v2" in output
    complete(school, started.get_json()["tasks"][0]["id"], LEAVE)
    with demo.app_context():
        item = db.session.scalar(select(WorkItem).where(WorkItem.spec_id == "approve"))
        assert item.lane == "city"


def test_a_service_task_is_refused_at_deploy_naming_it_in_chinese(demo):
    code, output = _deploy(demo, MODELERS / "service_camunda_class.bpmn")
    assert code != 0
    assert "元素 charge" in output and "服务任务“扣款”（charge）不支持" in output
    assert "请改为用户任务" in output


def test_a_start_that_fails_at_an_element_is_an_incident_an_admin_retries(demo, api, login_as):
    # Camunda's way: the case exists, 失败任务 names the element, and a retry after the data
    # is fixed carries on from where it stopped. Never a 500.
    assert _deploy(demo, MODELERS / "parallel_mi_collection.bpmn")[0] == 0
    school = api("school")
    started = school.post("/api/v1/processes/parallel_mi_collection/instances", json={})
    assert started.status_code == 201, started.get_json()
    body = started.get_json()
    assert body["tasks"] == [] and body["status"] == "running"
    assert "元素 review" in body["error"] and "reviewers" in body["error"]
    assert "“评审”" in body["error"]

    admin = login_as("admin")
    page = admin.get("/admin/failed-jobs").get_data(as_text=True)
    assert "流程执行失败" in page and "<code>review</code>" in page
    again = admin.post(f"/admin/incidents/{body['id']}/retry", data={"data": '["x"]'})
    assert again.status_code == 302
    assert "修正数据应为 JSON 对象" in admin.get("/admin/failed-jobs").get_data(as_text=True)
    for odd in ('{"reviewers": NaN}', "[" * 5000 + "]" * 5000):
        answer = admin.post(f"/admin/incidents/{body['id']}/retry", data={"data": odd})
        assert answer.status_code == 302  # a Chinese message on the page, never a 500
        assert "修正数据" in admin.get("/admin/failed-jobs").get_data(as_text=True)
    still = admin.post(f"/admin/incidents/{body['id']}/retry", data={"data": ""})
    assert still.status_code == 302
    assert "重试仍然失败" in admin.get("/admin/failed-jobs").get_data(as_text=True)

    fixed = admin.post(
        f"/admin/incidents/{body['id']}/retry", data={"data": '{"reviewers": ["甲", "乙"]}'}
    )
    assert fixed.status_code == 302
    after = school.get(f"/api/v1/instances/{body['id']}").get_json()
    assert after["error"] is None and len(after["tasks"]) == 2
    assert "没有执行失败的流程" in admin.get("/admin/failed-jobs").get_data(as_text=True)


def test_a_step_that_fails_on_completion_is_refused_with_a_chinese_message_not_a_500(
    demo, api, tmp_path
):
    # The collection comes from the first task's form, which does not ask for it.
    text = (MODELERS / "parallel_mi_collection.bpmn").read_text(encoding="utf-8")
    first = (
        '<bpmn:userTask id="fill" name="填写"><bpmn:extensionElements><camunda:formData>'
        '<camunda:formField id="note" label="备注" type="string"/></camunda:formData>'
        "</bpmn:extensionElements><bpmn:incoming>f0</bpmn:incoming>"
        "<bpmn:outgoing>f1</bpmn:outgoing></bpmn:userTask>"
        '<bpmn:sequenceFlow id="f0" sourceRef="start" targetRef="fill"/>'
    )
    text = text.replace(
        "<bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>",
        f"<bpmn:outgoing>f0</bpmn:outgoing></bpmn:startEvent>{first}",
    )
    text = text.replace(
        'sourceRef="start" targetRef="review"', 'sourceRef="fill" targetRef="review"'
    )
    path = tmp_path / "parallel_mi_collection.bpmn"
    path.write_text(text, encoding="utf-8")
    assert _deploy(demo, path)[0] == 0
    school = api("school")
    started = school.post("/api/v1/processes/parallel_mi_collection/instances", json={})
    task = started.get_json()["tasks"][0]
    answer = school.post(f"/api/v1/tasks/{task['id']}/complete", json={"data": {"note": "好"}})
    assert answer.status_code == 422
    message = answer.get_json()["message"]
    assert "元素 review" in message and "reviewers" in message and "未生效" in message


def test_a_changed_camunda_form_field_alone_is_a_new_version(demo):

    text = (CAMUNDA / "leave_camunda.bpmn").read_text("utf-8")
    lanes = json.loads((CAMUNDA / "lanes.json").read_text("utf-8"))
    changed = text.replace('label="请假事由"', 'label="请假原因"')
    assert changed != text
    with demo.app_context():
        forms = demo.config["FORMS_DIR"]
        first = deploy_texts([("leave.bpmn", text)], forms, demo.extensions["clock"], lanes=lanes)
        again = deploy_texts([("leave.bpmn", text)], forms, demo.extensions["clock"], lanes=lanes)
        later = deploy_texts(
            [("leave.bpmn", changed)], forms, demo.extensions["clock"], lanes=lanes
        )
        db.session.commit()
        assert [r.created for r in (first[0], again[0], later[0])] == [True, False, True]
        assert later[0].definition.version == 2
