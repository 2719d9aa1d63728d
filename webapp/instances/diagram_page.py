"""流程图: what the bpmn-js viewer (static/diagram.js) draws on the case and process pages.

A definition's BPMN with its lanes named for people to read, each step's state in one case, and
the open work items per step of a process in the cases the user may see (the heat map). Without
scripts the pages list the steps instead (templates/_diagram.html).
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import Response, jsonify, render_template, url_for
from flask_login import current_user, login_required
from lxml import etree
from sqlalchemy import func, select

from webapp.clock import current_clock
from webapp.errors import NotFound
from webapp.extensions import db
from webapp.instances import bp
from webapp.models import ProcessDefinition, ProcessInstance, User, WorkItem
from webapp.models.process import latest_definition, latest_versions
from webapp.models.scope import visible_instances
from webapp.models.work_item import LANE_LABELS
from webapp.services import case_pages, runs

BPMN = "http://www.omg.org/spec/BPMN/20100524/MODEL"
# What the steps list names: the activities and events a reader follows, not gateways or flows.
STEP_KINDS = ("Task", "task", "subProcess", "callActivity", "Event")
STATE_LABELS = {"ready": "当前环节", "waiting": "等待中", "completed": "已完成", "error": "出错"}
# Whatever a diagram's file says, the XML the browser is sent is data, never a document to run.
XML_HEADERS = {"Content-Security-Policy": "default-src 'none'"}


@dataclass(frozen=True)
class Step:
    id: str
    name: str
    state: str = ""
    open_items: int | None = None  # on a process page: open work items in the user's cases

    @property
    def state_label(self) -> str:
        return STATE_LABELS.get(self.state, "未到达")


@dataclass(frozen=True)
class Diagram:
    """What templates/_diagram.html needs: where the viewer reads from, and the steps list."""

    bpmn_url: str
    state_url: str
    steps: list[Step]


def _parse(bpmn_xml: str) -> etree._Element:
    # No entities, no network: a hostile file reads nothing. The encoding override lets a str
    # whose declaration says `encoding="…"` be parsed.
    parser = etree.XMLParser(resolve_entities=False, no_network=True, encoding="utf-8")
    root = etree.fromstring(bpmn_xml.encode("utf-8"), parser)
    if root is None:
        raise NotFound("流程图无法显示。")
    return root


def display_xml(bpmn_xml: str) -> str:
    """The BPMN with lanes named for display (学校, 市教育局 …); everything else as it was."""
    root = _parse(bpmn_xml)
    for lane in root.iter(f"{{{BPMN}}}lane"):
        name = (lane.get("name") or "").strip()
        if name in LANE_LABELS:  # by key (the engine's); a lane named in Chinese stays
            lane.set("name", LANE_LABELS[name])
    return etree.tostring(root, encoding="unicode")


def steps_of(bpmn_xml: str, process_key: str) -> list[Step]:
    """The named activities and events of the process, in the order the file lists them."""
    root = _parse(bpmn_xml)
    every = root.findall(f"{{{BPMN}}}process")
    processes = [p for p in every if p.get("id") == process_key] or every
    return [
        Step(element.get("id", ""), element.get("name").strip())
        for process in processes
        for element in process.iter(f"{{{BPMN}}}*")
        if etree.QName(element).localname.endswith(STEP_KINDS)
        and (element.get("name") or "").strip()
    ]


def open_items_per_step(key: str, user: User) -> dict[str, int]:
    """Open work items per BPMN step of the process (any version), in the cases the user sees."""
    cases = (
        visible_instances(user)
        .where(ProcessInstance.process_key == key)
        .with_only_columns(ProcessInstance.id)
    )
    rows = db.session.execute(
        select(WorkItem.spec_id, func.count())
        .where(WorkItem.status == "open", WorkItem.instance_id.in_(cases))
        .group_by(WorkItem.spec_id)
    )
    return {spec_id: count for spec_id, count in rows}


def _latest(key: str) -> ProcessDefinition:
    definition = latest_definition(key)
    if definition is None:
        raise NotFound("流程不存在或尚未部署。")
    return definition


def _xml_response(definition: ProcessDefinition) -> Response:
    return Response(
        display_xml(definition.bpmn_xml), mimetype="application/xml", headers=XML_HEADERS
    )


@bp.app_template_global()
def process_diagrams() -> list[ProcessDefinition]:
    """Every process's latest version, for the list of diagrams (新建申请 lists fewer)."""
    return list(db.session.scalars(latest_versions().order_by(ProcessDefinition.name)))


@bp.get("/diagrams")
@login_required
def diagrams():
    """流程图: every process, each linking to its diagram with the counts per step."""
    return render_template("diagrams.html")


@bp.app_template_global()
def case_diagram(instance: ProcessInstance) -> Diagram:
    """The diagram of a case the page has already loaded in the user's scope."""
    states = runs.restore(instance, current_clock()).step_states()
    steps = steps_of(instance.definition.bpmn_xml, instance.definition.key)
    return Diagram(
        bpmn_url=url_for("instances.case_diagram_xml", instance_id=instance.id),
        state_url=url_for("instances.case_diagram_states", instance_id=instance.id),
        steps=[Step(s.id, s.name, states.get(s.id, "")) for s in steps],
    )


@bp.get("/instances/<int:instance_id>/diagram.bpmn")
@login_required
def case_diagram_xml(instance_id: int):
    instance, _ = case_pages.diagram_states(instance_id, current_user, current_clock())
    return _xml_response(instance.definition)


@bp.get("/instances/<int:instance_id>/diagram.json")
@login_required
def case_diagram_states(instance_id: int):
    _, states = case_pages.diagram_states(instance_id, current_user, current_clock())
    return jsonify(states=states)


@bp.get("/processes/<key>")
@login_required
def process(key: str):
    """A process's latest diagram with the open work items per step in the user's cases."""
    definition = _latest(key)
    counts = open_items_per_step(key, current_user)
    diagram = Diagram(
        bpmn_url=url_for("instances.process_diagram_xml", key=key),
        state_url=url_for("instances.process_diagram_counts", key=key),
        steps=[
            Step(s.id, s.name, open_items=counts.get(s.id, 0))
            for s in steps_of(definition.bpmn_xml, key)
        ],
    )
    return render_template(
        "process.html", definition=definition, diagram=diagram, total=sum(counts.values())
    )


@bp.get("/processes/<key>/diagram.bpmn")
@login_required
def process_diagram_xml(key: str):
    return _xml_response(_latest(key))


@bp.get("/processes/<key>/diagram.json")
@login_required
def process_diagram_counts(key: str):
    _latest(key)
    return jsonify(counts=open_items_per_step(key, current_user))
