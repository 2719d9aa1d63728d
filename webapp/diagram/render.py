"""Assembling the SVG document: layers, edges, highlighting styles and the viewBox."""

from __future__ import annotations

import math
from collections.abc import Mapping

from lxml import etree

from webapp.diagram.glyphs import poly
from webapp.diagram.model import Bounds, DiagramError, Flow, Node
from webapp.diagram.shapes import DRAW, category, is_expanded
from webapp.diagram.text import SVG, external, num

STATE_CLASSES = {
    "ready": "state-active",
    "waiting": "state-active",
    "completed": "state-completed",
    "error": "state-error",
}
MARGIN = 20
INK = "#22242a"

# Scoped under .bpmn-diagram because an inlined SVG's <style> applies to the whole page.
STYLE = f"""
.bpmn-diagram {{ font-family: "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif;
  font-size: 12px; }}
.bpmn-diagram .label {{ fill: {INK}; }}
.bpmn-diagram .marker-letter {{ fill: {INK}; font-weight: bold; }}
.bpmn-diagram .outline {{ fill: #fff; stroke: {INK}; stroke-width: 1.5px; }}
.bpmn-diagram .outline.inner {{ fill: none; }}
.bpmn-diagram .outline.lane {{ fill: none; stroke-width: 1px; }}
.bpmn-diagram .outline.call, .bpmn-diagram .outline.event-end {{ stroke-width: 4px; }}
.bpmn-diagram .non-interrupting {{ stroke-dasharray: 5 3; }}
.bpmn-diagram .event-sub {{ stroke-dasharray: 2 3; }}
.bpmn-diagram .icon {{ fill: none; stroke: {INK}; stroke-width: 1.3px; }}
.bpmn-diagram .icon.filled, .bpmn-diagram .icon.solid {{ fill: {INK}; }}
.bpmn-diagram .icon.inverse {{ stroke: #fff; }}
.bpmn-diagram .icon.thick {{ stroke-width: 3px; }}
.bpmn-diagram .icon.gear {{ stroke-width: 3px; stroke-dasharray: 2.2 1.6; }}
.bpmn-diagram .bracket, .bpmn-diagram .group-box {{ fill: none; stroke: {INK}; }}
.bpmn-diagram .group-box {{ stroke-dasharray: 8 3 1 3; }}
.bpmn-diagram .line {{ fill: none; stroke: {INK}; stroke-width: 1.5px; }}
.bpmn-diagram .messageFlow .line {{ stroke-dasharray: 6 4; }}
.bpmn-diagram .association .line, .bpmn-diagram .data .line {{ stroke-dasharray: 2 3; }}
.bpmn-diagram .tip {{ fill: {INK}; stroke: {INK}; }}
.bpmn-diagram .tip.open {{ fill: #fff; }}
.bpmn-diagram .state-active .outline, .bpmn-diagram .state-active .line {{
  stroke: #e8590c; stroke-width: 4px; }}
.bpmn-diagram .state-active .outline:not(.inner) {{ fill: #fff4e6; }}
.bpmn-diagram .state-completed .outline, .bpmn-diagram .state-completed .line {{
  stroke: #2f9e44; }}
.bpmn-diagram .state-completed .outline:not(.inner) {{ fill: #ebfbee; }}
.bpmn-diagram .state-error .outline, .bpmn-diagram .state-error .line {{
  stroke: #e03131; stroke-width: 4px; }}
.bpmn-diagram .state-error .outline:not(.inner) {{ fill: #fff5f5; }}
.bpmn-diagram .outline.inner {{ stroke-width: 1.5px; }}
.bpmn-diagram .sequenceFlow.state-active .line {{ marker-end: url(#bpmn-arrow-active); }}
.bpmn-diagram .sequenceFlow.state-completed .line {{ marker-end: url(#bpmn-arrow-completed); }}
.bpmn-diagram .sequenceFlow.state-error .line {{ marker-end: url(#bpmn-arrow-error); }}
.bpmn-diagram .tip.active {{ fill: #e8590c; stroke: #e8590c; }}
.bpmn-diagram .tip.completed {{ fill: #2f9e44; stroke: #2f9e44; }}
.bpmn-diagram .tip.error {{ fill: #e03131; stroke: #e03131; }}
"""

# id: (path in a 10x10 box, refX, tip class). userSpaceOnUse keeps tips one size on thick lines.
_ARROW = "M0,0 L10,5 L0,10 z"
_MARKERS = {
    "bpmn-arrow": (_ARROW, 10, "tip"),
    "bpmn-open-arrow": (_ARROW, 10, "tip open"),
    "bpmn-circle": ("M1,5 a4,4 0 1 0 8,0 a4,4 0 1 0 -8,0", 0, "tip open"),
    "bpmn-diamond": ("M0,5 L6,1 L12,5 L6,9 z", 0, "tip open"),
    # Coloured arrowheads for highlighted flows; the CSS swaps them in by state.
    "bpmn-arrow-active": (_ARROW, 10, "tip active"),
    "bpmn-arrow-completed": (_ARROW, 10, "tip completed"),
    "bpmn-arrow-error": (_ARROW, 10, "tip error"),
}
_FLOW_MARKERS = {
    "sequenceFlow": {"marker-end": "url(#bpmn-arrow)"},
    "messageFlow": {"marker-start": "url(#bpmn-circle)", "marker-end": "url(#bpmn-open-arrow)"},
    "dataInputAssociation": {"marker-end": "url(#bpmn-open-arrow)"},
    "dataOutputAssociation": {"marker-end": "url(#bpmn-open-arrow)"},
}


def draw(nodes: list[Node], flows: list[Flow], states: Mapping[str, str]) -> str:
    svg = etree.Element(f"{{{SVG}}}svg", nsmap={None: SVG})
    svg.attrib.update({"class": "bpmn-diagram", "width": "100%"})
    etree.SubElement(svg, f"{{{SVG}}}style").text = STYLE
    _defs(svg)
    layers = {name: etree.SubElement(svg, f"{{{SVG}}}g") for name in _LAYERS}
    used: list[Bounds] = []
    for node in sorted(nodes, key=_paint_order):
        g = _group(layers[_layer(node)], node.id, node.name, f"shape {category(node)}", states)
        used.extend(DRAW[category(node)](g, node))
    for flow in flows:
        css = "flow data" if flow.kind.startswith("data") else f"flow {flow.kind}"
        used.extend(_flow(_group(layers["flows"], flow.id, flow.name, css, states), flow))
    svg.set("viewBox", _view_box(used))
    return etree.tostring(svg, encoding="unicode")


# Back to front: pools and expanded subprocesses under their contents, boundary events over hosts.
_LAYERS = ("containers", "nodes", "flows", "boundary")


def _layer(node: Node) -> str:
    if node.kind in ("participant", "lane") or is_expanded(node):
        return "containers"
    return "boundary" if node.kind == "boundaryEvent" else "nodes"


def _paint_order(node: Node) -> float:
    """Larger containers first, so a nested one is painted over the one holding it."""
    return -node.bounds.w * node.bounds.h if _layer(node) == "containers" else 0


def _group(
    layer: etree._Element, element_id: str, name: str, css: str, states: Mapping[str, str]
) -> etree._Element:
    state = states.get(element_id)
    classes = f"{css} {STATE_CLASSES[state]}" if state in STATE_CLASSES else css
    g = etree.SubElement(layer, f"{{{SVG}}}g", {"class": classes, "data-element-id": element_id})
    if state in STATE_CLASSES:
        g.set("data-state", state)
    etree.SubElement(g, f"{{{SVG}}}title").text = name or element_id
    return g


def _defs(svg: etree._Element) -> None:
    defs = etree.SubElement(svg, f"{{{SVG}}}defs")
    for marker_id, (d, ref_x, css) in _MARKERS.items():
        marker = etree.SubElement(defs, f"{{{SVG}}}marker", id=marker_id, orient="auto")
        marker.attrib.update(
            {"viewBox": "-1 -1 14 12", "refX": str(ref_x), "refY": "5", "markerWidth": "14"}
        )
        marker.attrib.update({"markerHeight": "12", "markerUnits": "userSpaceOnUse"})
        etree.SubElement(marker, f"{{{SVG}}}path", {"class": css}, d=d)


def _flow(g: etree._Element, flow: Flow) -> list[Bounds]:
    coords = " ".join(f"{num(x)},{num(y)}" for x, y in flow.points)
    attrs = {"class": "line", "points": coords, **_FLOW_MARKERS.get(flow.kind, {})}
    if flow.is_conditional:
        attrs["marker-start"] = "url(#bpmn-diamond)"
    etree.SubElement(g, f"{{{SVG}}}polyline", attrs)
    if flow.is_default:
        _default_slash(g, flow.points)
    xs, ys = [p[0] for p in flow.points], [p[1] for p in flow.points]
    used = [Bounds(min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys))]
    if flow.name:
        used.append(external(g, flow.name, _midpoint(flow.points), flow.label))
    return used


def _default_slash(g: etree._Element, points: list[tuple[float, float]]) -> None:
    """The default-flow mark: a short slash across the line just after it leaves its source."""
    (x0, y0), (x1, y1) = points[0], points[1]
    length = math.hypot(x1 - x0, y1 - y0) or 1
    dx, dy = (x1 - x0) / length, (y1 - y0) / length
    px, py = x0 + dx * 12, y0 + dy * 12
    # The slash direction is the line's direction turned by 45 degrees.
    sx, sy = (dx - dy) * 0.7071 * 6, (dx + dy) * 0.7071 * 6
    poly(g, [(px - sx, py - sy), (px + sx, py + sy)], False, "line")


def _midpoint(points: list[tuple[float, float]]) -> Bounds:
    """Where a flow's name goes when the file gives no label bounds: its middle segment."""
    middle = len(points) // 2
    (x0, y0), (x1, y1) = points[middle - 1], points[middle]
    return Bounds((x0 + x1) / 2, (y0 + y1) / 2, 0, 0)


def _view_box(used: list[Bounds]) -> str:
    if not used:
        raise DiagramError("流程图中没有可以绘制的图形")
    left, top = min(b.x for b in used) - MARGIN, min(b.y for b in used) - MARGIN
    right, bottom = max(b.right for b in used) + MARGIN, max(b.bottom for b in used) + MARGIN
    return f"{num(left)} {num(top)} {num(right - left)} {num(bottom - top)}"
