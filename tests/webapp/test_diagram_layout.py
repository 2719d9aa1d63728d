"""The diagrams' layout as drawn from the BPMN DI: no two steps on top of each other, no label on
a step or another label, nothing over a lane's name, every step inside its lane, labels wide
enough for their names and flows that start and end on their steps' borders.

bpmn-js draws each shape and label exactly at its DI bounds; labels of events, gateways, data
objects and named flows without their own BPMNLabel are placed where bpmn-js puts them."""

from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pytest
from lxml import etree

WORKFLOWS = Path(__file__).resolve().parents[2] / "workflows"
BPMN_FILES = sorted(WORKFLOWS.rglob("*.bpmn"))

BPMN = "http://www.omg.org/spec/BPMN/20100524/MODEL"
BPMNDI = "http://www.omg.org/spec/BPMN/20100524/DI"
DC = "http://www.omg.org/spec/DD/20100524/DC"
DI = "http://www.omg.org/spec/DD/20100524/DI"

TOLERANCE = 2  # overlaps and distances up to this many px are allowed
LANE_NAME_BAND = 30  # bpmn-js writes a lane's or participant's name in its leftmost 30 px
DEFAULT_LABEL = (90, 20)  # bpmn-js's default external label size
LABEL_GAP = 5  # default labels of events and gateways sit this far below the shape
FLOW_LABEL_INDENT = 15  # and flow labels this far beside the flow's middle segment
CHAR_WIDTH = 14  # one Chinese character at bpmn-js's 12 px font, with spacing
LINE_HEIGHT = 14

CONTAINERS = {"lane", "participant"}
NOT_SHAPES = CONTAINERS | {"sequenceFlow", "messageFlow", "association", "dataInputAssociation"}


@dataclass(frozen=True)
class Box:
    x: float
    y: float
    w: float
    h: float

    @property
    def right(self) -> float:
        return self.x + self.w

    @property
    def bottom(self) -> float:
        return self.y + self.h

    def overlaps(self, other: Box) -> bool:
        across = min(self.right, other.right) - max(self.x, other.x)
        down = min(self.bottom, other.bottom) - max(self.y, other.y)
        return across > TOLERANCE and down > TOLERANCE

    def contains(self, other: Box) -> bool:
        return (
            other.x >= self.x - TOLERANCE
            and other.y >= self.y - TOLERANCE
            and other.right <= self.right + TOLERANCE
            and other.bottom <= self.bottom + TOLERANCE
        )

    def __str__(self) -> str:
        return f"({self.x:g},{self.y:g} {self.w:g}×{self.h:g})"


def _bounds(element) -> Box:
    return Box(*(float(element.get(key)) for key in ("x", "y", "width", "height")))


def _local(element) -> str:
    return etree.QName(element).localname


def _text_width(name: str) -> float:
    """Roughly how wide bpmn-js draws a name: Chinese characters are wider than Latin ones."""
    return sum(
        CHAR_WIDTH if unicodedata.east_asian_width(c) in "WF" else CHAR_WIDTH * 0.55 for c in name
    )


def _has_external_label(kind: str) -> bool:
    return (
        kind.endswith("Event")
        or kind.endswith("Gateway")
        or kind in {"sequenceFlow", "dataObjectReference", "dataStoreReference"}
    )


def _default_label(name: str, width: float = DEFAULT_LABEL[0]) -> tuple[float, float]:
    """The size of a label bpmn-js lays out itself: wrapped at 90 px."""
    lines = max(1, math.ceil(_text_width(name) / (width - 4)))
    return width, max(DEFAULT_LABEL[1], lines * LINE_HEIGHT + 6)


def _drawn(label: Box, name: str) -> Box:
    """Where a label's text ends up: bpmn-js wraps it at the label's width and lets the lines
    run on below the bounds when they are too short for them."""
    lines = max(1, math.ceil(_text_width(name) / (label.w + TOLERANCE)))
    return Box(label.x, label.y, label.w, max(label.h, lines * LINE_HEIGHT))


def _flow_label_position(points: list[tuple[float, float]]) -> tuple[float, float]:
    """bpmn-js's getFlowLabelPosition: beside the middle of the middle segment."""
    mid = len(points) / 2 - 1
    first, second = points[math.floor(mid)], points[math.ceil(mid + 0.01)]
    x, y = (first[0] + second[0]) / 2, (first[1] + second[1]) / 2
    if first[0] == second[0]:  # a vertical segment: the label goes to the right
        return x + FLOW_LABEL_INDENT, y
    angle = math.atan((second[1] - first[1]) / (second[0] - first[0]))
    return (x, y - FLOW_LABEL_INDENT) if abs(angle) < math.pi / 2 else (x + FLOW_LABEL_INDENT, y)


@dataclass
class Plane:
    file: str
    plane: str
    shapes: dict[str, Box]  # flow nodes, subprocesses and data objects by element id
    containers: dict[str, Box]  # lanes and participants
    labels: dict[str, Box]  # external labels by element id, as drawn
    label_bounds: dict[str, Box]  # the BPMNLabel bounds the DI gives
    names: dict[str, str]
    kinds: dict[str, str]
    parents: dict[str, set[str]]  # the subprocesses each element is inside of
    hosts: dict[str, str]  # the task each boundary event is attached to
    lane_members: dict[str, list[str]]
    edges: dict[str, list[tuple[float, float]]]
    ends: dict[str, tuple[str, str]]  # a flow's source and target


def _planes(path: Path) -> list[Plane]:
    tree = etree.parse(str(path))
    by_id = {e.get("id"): e for e in tree.iter() if isinstance(e.tag, str) and e.get("id")}
    planes = []
    for plane in tree.iter(f"{{{BPMNDI}}}BPMNPlane"):
        found = Plane(path.name, plane.get("id"), *({} for _ in range(11)))
        for di in plane:
            if not isinstance(di.tag, str):
                continue
            ref = di.get("bpmnElement")
            element = by_id.get(ref)
            assert element is not None, f"{path.name}: {di.get('id')} draws missing {ref}"
            kind = _local(element)
            found.kinds[ref] = kind
            found.names[ref] = (element.get("name") or "").strip()
            found.parents[ref] = {
                a.get("id") for a in element.iterancestors() if _local(a) == "subProcess"
            }
            if element.get("attachedToRef"):  # a boundary event sits on its task's border
                found.hosts[ref] = element.get("attachedToRef")
            label = di.find(f"{{{BPMNDI}}}BPMNLabel/{{{DC}}}Bounds")
            if _local(di) == "BPMNShape":
                box = _bounds(di.find(f"{{{DC}}}Bounds"))
                if kind in CONTAINERS:
                    found.containers[ref] = box
                    if kind == "lane":
                        found.lane_members[ref] = [
                            r.text.strip() for r in element.findall(f"{{{BPMN}}}flowNodeRef")
                        ]
                elif kind not in NOT_SHAPES:
                    found.shapes[ref] = box
                if not (_has_external_label(kind) and found.names[ref]):
                    continue
                if label is not None:
                    found.label_bounds[ref] = _bounds(label)
                    found.labels[ref] = _drawn(_bounds(label), found.names[ref])
                else:
                    width, height = _default_label(found.names[ref])
                    found.labels[ref] = Box(
                        box.x + box.w / 2 - width / 2, box.bottom + LABEL_GAP, width, height
                    )
            elif _local(di) == "BPMNEdge":
                points = [
                    (float(p.get("x")), float(p.get("y"))) for p in di.findall(f"{{{DI}}}waypoint")
                ]
                found.edges[ref] = points
                found.ends[ref] = (element.get("sourceRef"), element.get("targetRef"))
                if not found.names[ref] or len(points) < 2:
                    continue
                if label is not None:
                    found.label_bounds[ref] = _bounds(label)
                    found.labels[ref] = _drawn(_bounds(label), found.names[ref])
                else:
                    x, y = _flow_label_position(points)
                    width, height = _default_label(found.names[ref])
                    found.labels[ref] = Box(x - width / 2, y - height / 2, width, height)
        planes.append(found)
    return planes


def _nested(plane: Plane, a: str, b: str) -> bool:
    """One of the two is a subprocess the other is drawn inside of."""
    return a in plane.parents.get(b, ()) or b in plane.parents.get(a, ())


def _attached(plane: Plane, a: str, b: str) -> bool:
    """One of the two is a boundary event on the other's border."""
    return plane.hosts.get(a) == b or plane.hosts.get(b) == a


def _overlaps(plane: Plane) -> list[str]:
    found = []
    shapes = sorted(plane.shapes.items())
    for i, (a, box_a) in enumerate(shapes):
        for b, box_b in shapes[i + 1 :]:
            if box_a.overlaps(box_b) and not (_nested(plane, a, b) or _attached(plane, a, b)):
                found.append(f"shape {a} {box_a} overlaps shape {b} {box_b}")
    labels = sorted(plane.labels.items())
    for owner, label in labels:
        for other, box in shapes:
            if other == owner or _nested(plane, owner, other):
                continue
            if label.overlaps(box):
                found.append(f"label of {owner} {label} overlaps shape {other} {box}")
    for i, (a, box_a) in enumerate(labels):
        for b, box_b in labels[i + 1 :]:
            if box_a.overlaps(box_b):
                found.append(f"label of {a} {box_a} overlaps label of {b} {box_b}")
    return found


def _over_lane_names(plane: Plane) -> list[str]:
    found = []
    for container, box in sorted(plane.containers.items()):
        band = Box(box.x, box.y, LANE_NAME_BAND, box.h)
        for what, items in (("shape", plane.shapes), ("label of", plane.labels)):
            for element, drawn in sorted(items.items()):
                if drawn.overlaps(band):
                    found.append(f"{what} {element} {drawn} covers the name of {container}")
    return found


def _outside_lanes(plane: Plane) -> list[str]:
    found = []
    for lane, members in sorted(plane.lane_members.items()):
        for element in members:
            box = plane.shapes.get(element)
            if box is not None and not plane.containers[lane].contains(box):
                found.append(f"{element} {box} is outside its lane {lane} {plane.containers[lane]}")
    return found


def _narrow_labels(plane: Plane) -> list[str]:
    """Labels whose text needs more room than their bounds (drawn larger than the DI says)."""
    found = []
    for element, label in sorted(plane.label_bounds.items()):
        name = plane.names[element]
        lines = max(1, int((label.h + TOLERANCE) // LINE_HEIGHT))
        if _text_width(name) > (label.w + TOLERANCE) * lines:
            found.append(f"label of {element} {label} is too small for {name!r}")
    return found


def _on_border(point: tuple[float, float], box: Box, kind: str) -> bool:
    x, y = point
    inside = box.x - TOLERANCE <= x <= box.right + TOLERANCE
    inside = inside and box.y - TOLERANCE <= y <= box.bottom + TOLERANCE
    if not inside:
        return False
    edge = min(abs(x - box.x), abs(x - box.right), abs(y - box.y), abs(y - box.bottom))
    if edge <= TOLERANCE:
        return True
    cx, cy = box.x + box.w / 2, box.y + box.h / 2
    if kind.endswith("Event"):
        return abs(math.hypot(x - cx, y - cy) - box.w / 2) <= TOLERANCE
    if kind.endswith("Gateway"):
        return abs(abs(x - cx) + abs(y - cy) - box.w / 2) <= TOLERANCE * 2
    return False


def _loose_edges(plane: Plane) -> list[str]:
    found = []
    for flow, points in sorted(plane.edges.items()):
        if len(points) < 2:
            found.append(f"flow {flow} has fewer than two waypoints")
            continue
        for end, point in zip(plane.ends[flow], (points[0], points[-1]), strict=True):
            box = plane.shapes.get(end)
            if box is not None and not _on_border(point, box, plane.kinds[end]):
                found.append(f"flow {flow} ends at {point} off the border of {end} {box}")
    return found


def _report(check) -> list[str]:
    problems = []
    for path in BPMN_FILES:
        for plane in _planes(path):
            problems += [f"{plane.file} {plane.plane}: {p}" for p in check(plane)]
    return problems


def test_there_are_diagrams_to_check():
    assert BPMN_FILES
    assert all(_planes(path) for path in BPMN_FILES)


@pytest.mark.parametrize(
    "check",
    [_overlaps, _over_lane_names, _outside_lanes, _narrow_labels, _loose_edges],
    ids=["overlaps", "lane-names", "lanes", "label-sizes", "edge-ends"],
)
def test_the_diagram_layout(check):
    problems = _report(check)
    assert not problems, f"{len(problems)} layout problems:\n" + "\n".join(problems)
