"""Only the fields a task's form declares enter the engine, on every path; a file field takes
only a reference to an upload the same user made for that task."""

from __future__ import annotations

import ast
import io
from pathlib import Path
from xml.etree import ElementTree

import pytest
from sqlalchemy import select

from tests.helpers import REPORT, complete, only_task, upload
from tests.processes.annual_inspection.samples import school as sample_school
from webapp.extensions import db
from webapp.models import ProcessInstance, User, WorkItem
from webapp.models.scope import may_act
from webapp.taskforms import load_form

ROOT = Path(__file__).resolve().parents[2]
BPMN_SCRIPT = "{http://www.omg.org/spec/BPMN/20100524/MODEL}script"
USERS = ("school", "school2", "city", "city2", "province", "supervisor", "expert")


def _state(app, instance_id: int) -> tuple[str, dict]:
    with app.app_context():
        instance = db.session.get(ProcessInstance, instance_id)
        return instance.state, dict(instance.data or {})


def _failing_assessment(api, clock, app):
    from webapp.processes.annual_inspection.rounds import open_round

    with app.app_context():
        province = db.session.scalar(select(User).where(User.username == "province"))
        from datetime import date

        result = open_round(2026, date(2027, 1, 15), date(2027, 5, 31), province, clock)
        db.session.commit()
        instance_id = next(c.instance_id for c in result.started if c.school.code == "21010001")
    school = api("school")
    task = only_task(school, "学校自查")["id"]
    data = sample_school(full_time_teachers=52, specialist_teachers=30) | {
        "self_assessment_evidence": [upload(school, task, "self_assessment_evidence")]
    }
    return school, task, instance_id, data


def test_process_variables_sent_with_a_self_assessment_are_refused_by_name(deployed, api, clock):
    school, task, instance_id, data = _failing_assessment(api, clock, deployed)
    before = _state(deployed, instance_id)
    forged = {
        "inspection_thresholds": {"student_teacher_ratio": 0, "min_students": 0},
        "result_deadline": "2099-01-01T23:59:59+08:00",
    }
    refused = complete(school, task, data | forged, status=422)
    assert set(refused["fields"]) == {"inspection_thresholds", "result_deadline"}
    assert "inspection_thresholds" in refused["message"] and "result_deadline" in refused["message"]
    assert _state(deployed, instance_id) == before
    assert only_task(school, "学校自查")["id"] == task  # still open, nothing ran

    complete(school, task, data)  # the same submission without the forged keys is graded
    graded = _state(deployed, instance_id)[1]
    assert graded["failed_count"] >= 1 and graded["result_deadline"] != forged["result_deadline"]


def _script_targets() -> set[str]:
    """Every variable a script task of a shipped diagram assigns."""
    names = set()
    for path in (ROOT / "workflows").glob("*.bpmn"):
        for script in ElementTree.parse(path).iter(BPMN_SCRIPT):  # noqa: S314 - our own files
            for node in ast.walk(ast.parse(script.text or "")):
                if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                    names.add(node.id)
    return names


def test_no_process_variable_can_be_set_through_any_task(app, api):
    """The demo's cases stand at every step of every process; each open task is sent every
    process variable of every diagram that its form does not declare, by someone who may act."""
    assert app.test_cli_runner().invoke(args=["demo"]).exit_code == 0
    with app.app_context():
        users = list(db.session.scalars(select(User).where(User.username.in_(USERS))))
        variables = _script_targets()
        for instance in db.session.scalars(select(ProcessInstance)):
            variables |= set(instance.data or {})
        items = [
            (item.id, item.instance_id, item.process_key, item.form_key, actor.username)
            for item in db.session.scalars(select(WorkItem).where(WorkItem.status == "open"))
            for actor in [next((u for u in users if may_act(u, item)), None)]
            if actor is not None
        ]
    assert len({process for _, _, process, _, _ in items}) >= 4 and len(variables) > 40
    for item_id, instance_id, process, form_key, username in items:
        form = load_form(app.config["FORMS_DIR"], process, form_key)
        declared = {field.name for field in form.fields()}
        extra = {name: {"forged": True} for name in variables - declared}
        before = _state(app, instance_id)
        refused = complete(api(username), item_id, extra, status=422)
        assert set(refused["fields"]) == set(extra), (process, form_key)
        assert _state(app, instance_id) == before, (process, form_key)


# What each process computes or is given by its own code; a script may also normalise a field it
# was given (serious_violation) or propose one a person then decides (sanction_rung): those stay
# form fields.
COMPUTED = {
    "annual_inspection": {
        "inspection_year",
        "school_deadline",
        "result_deadline",
        "current_standing",
        "summary",
        "failed_indicators",
        "failed_count",
        "worst_shortfall",
        "grade",
        "proposal",
        "result",
        "rectification_deadline",
        "sanctions",
    },
    "internship_approval": {
        "consent_students",
        "placed_students",
        "removed_students",
        "consent_result",
        "review_warnings",
        "outcome",
    },
    "student_registration": {"registration_deadline"},
    "major_adjustment": {
        "kind_label",
        "major_name",
        "catalogue_version",
        "target_name",
        "target_version",
        "approval",
        "returned_by",
        "expert_slots",
        "expert_result",
        "expert_results",
        "expert_outcome",
        "outcome",
        "suggestion_reason",
    },
    "subsidy_verification": {"round_id", "term", "subsidy_type", "check", "outcome"},
}
# Start data that is only the default of a person's field (the gateway after it needs it defined).
FIELD_DEFAULTS = {"internship_finished"}


def test_form_fields_never_name_what_the_process_owns(app):
    """Settings copied at start, deadlines and computed results are never form fields, so no
    submission can carry them."""
    from webapp.services import process_hooks

    for process in [path.name for path in (ROOT / "forms").iterdir() if path.is_dir()]:
        with app.app_context():
            owned = COMPUTED.get(process, set()) | set(process_hooks.start_data(process, {}, None))
            owned -= FIELD_DEFAULTS
        for path in (ROOT / "forms" / process).glob("*.json"):
            form = load_form(str(ROOT / "forms"), process, path.stem)
            assert not owned & {field.name for field in form.fields()}, path


def test_an_extra_cell_in_a_table_row_is_refused(deployed, api):
    school = api("school")
    started = school.post("/api/v1/processes/internship_approval/instances", json={})
    item = started.get_json()["tasks"][0]["id"]
    refused = complete(
        school, item, {"students": [{"name": "张三", "blocked": False, "score": 1}]}, status=422
    )
    assert {"students.0.blocked", "students.0.score"} <= set(refused["fields"])


def _report_task(api) -> tuple[object, int]:
    school = api("school")
    started = school.post("/api/v1/processes/school_report/instances", json={}).get_json()
    return school, started["tasks"][0]["id"]


@pytest.mark.parametrize(
    "value",
    [
        {},
        "abc",
        5,
        [{"attachment_id": 1}],
        {"attachment_id": "abc"},
        {"attachment_id": True},
        {"attachment_id": 2**63},
        {"attachment_id": 1, "path": "/etc/passwd"},
        {"attachment_id": 1},
    ],
)
def test_a_file_field_takes_only_upload_references(deployed, api, value):
    school, item = _report_task(api)
    refused = complete(school, item, REPORT | {"evidence": value}, status=422)
    assert list(refused["fields"]) == ["evidence"]
    assert "佐证材料" in refused["fields"]["evidence"]


def test_a_file_must_be_the_users_own_upload_for_that_task(deployed, api):
    school, item = _report_task(api)
    other_school = api("school2")
    other_started = other_school.post("/api/v1/processes/school_report/instances", json={})
    other_item = other_started.get_json()["tasks"][0]["id"]
    theirs = upload(other_school, other_item, "evidence")
    refused = complete(school, item, REPORT | {"evidence": theirs}, status=422)
    assert list(refused["fields"]) == ["evidence"]

    _, second_item = _report_task(api)
    for_another_task = upload(school, second_item, "evidence")
    complete(school, item, REPORT | {"evidence": for_another_task}, status=422)

    mine = upload(school, item, "evidence")
    complete(school, item, REPORT | {"evidence": mine | {"filename": "改名.exe"}})
    data = school.get(f"/api/v1/tasks/{item}").get_json()["data"]
    assert data["evidence"] == {"attachment_id": mine["attachment_id"], "filename": "材料.pdf"}


def test_a_returned_report_keeps_its_files_but_they_cannot_move_to_another_field(deployed, api):
    school, item = _report_task(api)
    mine = upload(school, item, "evidence")
    instance_id = school.get(f"/api/v1/tasks/{item}").get_json()["instance_id"]
    complete(school, item, REPORT | {"evidence": mine})
    city = api("city")
    complete(
        city,
        only_task(city, "市级初审")["id"],
        {"city_decision": "return", "city_reason": "请补充佐证材料"},
    )
    again = only_task(school, "填报办学情况")["id"]
    complete(school, again, REPORT | {"evidence": mine})
    assert school.get(f"/api/v1/instances/{instance_id}").get_json()["status"] == "running"


def test_uploads_for_a_task_need_a_file_field_and_the_right_to_act(deployed, api):
    school, item = _report_task(api)
    pdf = (io.BytesIO(b"%PDF-1.4\n%%EOF\n"), "a.pdf")
    for who, field, status in [
        ("school", "summary", 422),
        ("school", "nope", 422),
        ("city", "evidence", 403),
    ]:
        caller = api(who)
        response = caller.client.post(
            f"/api/v1/tasks/{item}/attachments",
            data={"field": field, "file": pdf},
            headers=caller.headers,
            content_type="multipart/form-data",
        )
        assert response.status_code in (status, 404), (who, field, response.get_json())
        assert response.get_json()["error"]
        pdf = (io.BytesIO(b"%PDF-1.4\n%%EOF\n"), "a.pdf")
