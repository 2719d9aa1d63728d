"""The shapes and edges of one BPMN diagram, read from the file's diagram interchange (DI)."""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree

BPMN = "http://www.omg.org/spec/BPMN/20100524/MODEL"
BPMNDI = "http://www.omg.org/spec/BPMN/20100524/DI"
DC = "http://www.omg.org/spec/DD/20100524/DC"
DI = "http://www.omg.org/spec/DD/20100524/DI"


class DiagramError(Exception):
    """The file cannot be drawn: not parseable XML, or no diagram interchange."""


@dataclass(frozen=True)
class Bounds:
    x: float
    y: float
    w: float
    h: float

    @property
    def cx(self) -> float:
        return self.x + self.w / 2

    @property
    def cy(self) -> float:
        return self.y + self.h / 2

    @property
    def right(self) -> float:
        return self.x + self.w

    @property
    def bottom(self) -> float:
        return self.y + self.h


@dataclass
class Node:
    id: str
    kind: str  # local name of the semantic element, e.g. "userTask"
    name: str
    bounds: Bounds
    label: Bounds | None = None
    attrs: dict[str, str] = field(default_factory=dict)  # semantic and DI attributes that matter
    details: tuple[str, ...] = ()  # local names of the element's children (event definitions…)


@dataclass
class Flow:
    id: str
    kind: str
    name: str
    points: list[tuple[float, float]]
    label: Bounds | None = None
    is_default: bool = False
    is_conditional: bool = False


def parse(bpmn_xml: str) -> etree._Element:
    """Parse without resolving entities or touching the network, so a hostile file reads nothing."""
    # The encoding override lets a str carrying an `encoding="…"` declaration be parsed as UTF-8.
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, huge_tree=False, encoding="utf-8"
    )
    try:
        root = etree.fromstring(bpmn_xml.encode("utf-8"), parser)
    except (etree.XMLSyntaxError, ValueError) as exc:
        raise DiagramError(f"无法解析 BPMN 文件：{exc}") from exc
    if root is None:
        raise DiagramError("BPMN 文件是空的")
    return root


def choose_plane(root: etree._Element, process_id: str | None) -> etree._Element:
    """The plane of the diagram showing process_id, or of the first diagram."""
    planes = list(root.iterfind(f"{{{BPMNDI}}}BPMNDiagram/{{{BPMNDI}}}BPMNPlane"))
    if not planes:
        raise DiagramError("文件中没有流程图的图形信息（BPMN DI）")
    if process_id is None:
        return planes[0]
    wanted = {process_id} | _collaborations_of(root, process_id)
    for plane in planes:
        if plane.get("bpmnElement") in wanted:
            return plane
    # A lone diagram is the only picture there is; with several, guessing could show the wrong one.
    if len(planes) == 1:
        return planes[0]
    raise DiagramError(f"文件中没有流程“{process_id}”的流程图")


def _collaborations_of(root: etree._Element, process_id: str) -> set[str]:
    found = set()
    for collaboration in root.iter(f"{{{BPMN}}}collaboration"):
        refs = {p.get("processRef") for p in collaboration.iter(f"{{{BPMN}}}participant")}
        if process_id in refs and collaboration.get("id"):
            found.add(collaboration.get("id"))
    return found


def read_plane(root: etree._Element, plane: etree._Element) -> tuple[list[Node], list[Flow]]:
    elements = {el.get("id"): el for el in root.iter(f"{{{BPMN}}}*") if el.get("id")}
    nodes = [_node(s, elements) for s in plane.iter(f"{{{BPMNDI}}}BPMNShape")]
    flows = [_flow(e, elements) for e in plane.iter(f"{{{BPMNDI}}}BPMNEdge")]
    return [n for n in nodes if n], [f for f in flows if f]


def _node(shape: etree._Element, elements: dict[str, etree._Element]) -> Node | None:
    element = elements.get(shape.get("bpmnElement", ""))
    bounds = _bounds(shape.find(f"{{{DC}}}Bounds"))
    if element is None or bounds is None:
        return None  # a shape for nothing, or nowhere, cannot be drawn
    attrs = {k: v for k, v in element.attrib.items() if "}" not in k}
    attrs.update({f"di:{k}": v for k, v in shape.attrib.items() if "}" not in k})
    children = tuple(etree.QName(c).localname for c in element if isinstance(c.tag, str))
    return Node(
        id=element.get("id"),
        kind=etree.QName(element).localname,
        name=_name(element),
        bounds=bounds,
        label=_bounds(shape.find(f"{{{BPMNDI}}}BPMNLabel/{{{DC}}}Bounds")),
        attrs=attrs,
        details=children,
    )


def _flow(edge: etree._Element, elements: dict[str, etree._Element]) -> Flow | None:
    element = elements.get(edge.get("bpmnElement", ""))
    points = [_point(w) for w in edge.iterfind(f"{{{DI}}}waypoint")]
    points = [p for p in points if p is not None]
    if element is None or len(points) < 2:
        return None
    source = elements.get(element.get("sourceRef", ""))
    is_default = source is not None and source.get("default") == element.get("id")
    source_kind = etree.QName(source).localname if source is not None else ""
    has_condition = element.find(f"{{{BPMN}}}conditionExpression") is not None
    return Flow(
        id=element.get("id"),
        kind=etree.QName(element).localname,
        name=_name(element),
        points=points,
        label=_bounds(edge.find(f"{{{BPMNDI}}}BPMNLabel/{{{DC}}}Bounds")),
        is_default=is_default,
        # Only flows leaving activities show the condition diamond; a gateway already implies it.
        is_conditional=has_condition and not source_kind.endswith("Gateway"),
    )


def _name(element: etree._Element) -> str:
    if etree.QName(element).localname == "textAnnotation":
        return (element.findtext(f"{{{BPMN}}}text") or "").strip()
    return (element.get("name") or "").strip()


def _bounds(element: etree._Element | None) -> Bounds | None:
    if element is None:
        return None
    try:
        values = [float(element.get(k, "")) for k in ("x", "y", "width", "height")]
    except ValueError:
        return None
    finite = all(abs(v) < 1e6 for v in values)  # also rejects nan and inf
    return Bounds(*values) if finite and values[2] >= 0 and values[3] >= 0 else None


def _point(element: etree._Element) -> tuple[float, float] | None:
    try:
        x, y = float(element.get("x", "")), float(element.get("y", ""))
    except ValueError:
        return None
    return (x, y) if abs(x) < 1e6 and abs(y) < 1e6 else None
