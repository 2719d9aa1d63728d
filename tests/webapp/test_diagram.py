"""What the bpmn-js viewer is given: the BPMN with lanes named in Chinese, each step's state in a
case, and the open work items per step of a process, all in the user's scope; and the steps list
that stands in for the drawing without script."""

from __future__ import annotations

import pytest
from lxml import etree
from sqlalchemy import func, select

from webapp.extensions import db
from webapp.instances.diagram_page import display_xml, steps_of
from webapp.models import Organisation, ProcessInstance, WorkItem
from webapp.models.work_item import LANE_LABELS

BPMN = "http://www.omg.org/spec/BPMN/20100524/MODEL"
LANE = f"{{{BPMN}}}lane"


@pytest.fixture
def cases(app):
    """The demo's cases, in every process, school and state."""
    assert app.test_cli_runner().invoke(args=["demo"]).exit_code == 0
    return app


def _open_case(app, school_code: str) -> tuple[int, str]:
    """A case of the school waiting for a person, and the step it waits at."""
    with app.app_context():
        return db.session.execute(
            select(ProcessInstance.id, WorkItem.spec_id)
            .join(WorkItem, WorkItem.instance_id == ProcessInstance.id)
            .join(Organisation, Organisation.id == ProcessInstance.school_id)
            .where(WorkItem.status == "open", Organisation.code == school_code)
            .order_by(ProcessInstance.id)
        ).first()


def _stored_xml(app, case: int) -> str:
    with app.app_context():
        return db.session.get(ProcessInstance, case).definition.bpmn_xml


def test_the_case_bpmn_names_its_lanes_in_chinese_and_keeps_everything_else(cases, login_as):
    case, _ = _open_case(cases, "21010001")
    # Scoped like the case page: another school or city does not find the case at all.
    for username in ("school2", "city2"):
        for url in (f"/instances/{case}/diagram.bpmn", f"/instances/{case}/diagram.json"):
            assert login_as(username).get(url).status_code == 404
    answer = login_as("school").get(f"/instances/{case}/diagram.bpmn")
    assert answer.status_code == 200
    assert answer.mimetype == "application/xml"
    assert answer.headers["Content-Security-Policy"] == "default-src 'none'"
    shown = etree.fromstring(answer.data)
    stored = etree.fromstring(_stored_xml(cases, case).encode())
    lanes = {lane.get("id"): lane.get("name") for lane in shown.iter(LANE)}
    assert lanes["lane_school"] == "学校"
    assert set(lanes.values()) <= set(LANE_LABELS.values())
    # Only the lanes' names differ: ids, steps, flows and the diagram interchange are as stored.
    for before, after in zip(stored.iter(), shown.iter(), strict=True):
        assert before.tag == after.tag
        if before.tag == LANE:
            assert {**before.attrib, "name": ""} == {**after.attrib, "name": ""}
        else:
            assert before.attrib == after.attrib and before.text == after.text


def test_a_lane_already_named_for_people_keeps_its_name():
    xml = (
        f'<definitions xmlns="{BPMN}"><process id="p"><laneSet>'
        '<lane id="a" name="教务处"/><lane id="b" name="city"/><lane id="c" name="unknown"/>'
        "</laneSet></process></definitions>"
    )
    names = [lane.get("name") for lane in etree.fromstring(display_xml(xml)).iter(LANE)]
    assert names == ["教务处", "市教育局", "unknown"]


def test_the_states_and_the_steps_list_show_where_the_case_stands(cases, login_as):
    case, step = _open_case(cases, "21010001")
    client = login_as("city")  # the school's city reads it too
    states = client.get(f"/instances/{case}/diagram.json").get_json()["states"]
    assert states[step] == "ready"
    assert "completed" in states.values()
    assert set(states.values()) <= {"ready", "waiting", "completed", "error"}
    html = client.get(f"/instances/{case}").get_data(as_text=True)
    assert f'data-diagram="/instances/{case}/diagram.bpmn"' in html
    assert f'data-diagram-state="/instances/{case}/diagram.json"' in html
    assert "/static/vendor/bpmn-js/bpmn-navigated-viewer.production.min.js" in html
    # The list the page shows without script: each step's name and state.
    names = {s.id: s.name for s in steps_of(_stored_xml(cases, case), "")}
    assert f'<tr class="step-ready"><td>{names[step]}</td><td>当前环节</td></tr>' in html
    assert "<td>已完成</td>" in html


def test_steps_are_the_named_activities_and_events_of_the_process():
    xml = (
        f'<definitions xmlns="{BPMN}"><process id="p">'
        '<startEvent id="s" name="发起"/><userTask id="t" name="审核"/>'
        '<exclusiveGateway id="g" name="结论？"/><sequenceFlow id="f" name="同意"/>'
        '<subProcess id="sp" name="评审"><scriptTask id="st" name="汇总"/></subProcess>'
        '<endEvent id="e"/></process><process id="q"><userTask id="x" name="别的"/></process>'
        "</definitions>"
    )
    assert [(s.id, s.name) for s in steps_of(xml, "p")] == [
        ("s", "发起"),
        ("t", "审核"),
        ("sp", "评审"),
        ("st", "汇总"),
    ]


def _open_per_step(app, key: str, **where) -> dict[str, int]:
    """Open work items per step of the process, counted straight from the table."""
    query = (
        select(WorkItem.spec_id, func.count())
        .join(ProcessInstance, ProcessInstance.id == WorkItem.instance_id)
        .where(WorkItem.status == "open", ProcessInstance.process_key == key)
        .group_by(WorkItem.spec_id)
    )
    with app.app_context():
        for column, code in where.items():
            org = db.session.scalar(select(Organisation.id).where(Organisation.code == code))
            query = query.where(getattr(ProcessInstance, column) == org)
        return dict(db.session.execute(query).all())


SCOPES = {
    "province": {},
    "supervisor": {},
    "city": {"city_id": "210100"},
    "city2": {"city_id": "210200"},
    "school": {"school_id": "21010001"},
    "school2": {"school_id": "21020001"},
}


def test_the_process_page_counts_open_items_per_step_in_the_users_scope(cases, login_as):
    for username, where in SCOPES.items():
        expected = _open_per_step(cases, "major_adjustment", **where)
        assert expected, username  # the demo has open steps in every school's cases
        client = login_as(username)
        counts = client.get("/processes/major_adjustment/diagram.json").get_json()["counts"]
        assert counts == expected, username
        html = client.get("/processes/major_adjustment").get_data(as_text=True)
        assert 'data-diagram="/processes/major_adjustment/diagram.bpmn"' in html
        assert f"共 {sum(expected.values())} 件" in html
    shenyang, dalian = (
        sum(_open_per_step(cases, "major_adjustment", **SCOPES[city]).values())
        for city in ("city", "city2")
    )
    assert sum(_open_per_step(cases, "major_adjustment").values()) == shenyang + dalian


def test_the_process_bpmn_and_the_link_to_the_page(deployed, login_as):
    client = login_as("city")
    xml = client.get("/processes/internship_approval/diagram.bpmn")
    assert xml.status_code == 200
    assert 'name="市教育局"' in xml.get_data(as_text=True)
    # A city official starts nothing, yet 新建申请 and 流程查询 lead to every process's diagram.
    assert 'href="/diagrams"' in client.get("/processes").get_data(as_text=True)
    assert 'href="/diagrams"' in client.get("/instances").get_data(as_text=True)
    assert 'href="/processes/internship_approval"' in client.get("/diagrams").get_data(as_text=True)
    for path in ("", "/diagram.bpmn", "/diagram.json"):
        assert client.get(f"/processes/no_such{path}").status_code == 404
