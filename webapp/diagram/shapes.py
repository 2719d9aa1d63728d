"""Drawing one flow node, container or artifact into its <g>; each returns the bounds it used."""

from __future__ import annotations

from collections.abc import Callable

from lxml import etree

from webapp.diagram.glyphs import activity_markers, circle, event_icon, path, poly, task_marker
from webapp.diagram.model import Bounds, Node
from webapp.diagram.text import SVG, add_text, centered, external, num, wrap

TASKS = frozenset(
    {
        "task",
        "userTask",
        "manualTask",
        "scriptTask",
        "serviceTask",
        "businessRuleTask",
        "sendTask",
        "receiveTask",
    }
)
SUBPROCESSES = frozenset({"subProcess", "adHocSubProcess", "transaction", "callActivity"})
BAND = 30  # the width of a pool's or lane's name band, as modelers draw it


def category(node: Node) -> str:
    if node.kind in TASKS:
        return "task"
    if node.kind in SUBPROCESSES:
        return "subprocess"
    if node.kind.endswith("Event"):
        return "event"
    if node.kind.endswith("Gateway"):
        return "gateway"
    return _OTHER_CATEGORIES.get(node.kind, "other")


_OTHER_CATEGORIES = {
    "participant": "pool",
    "lane": "lane",
    "textAnnotation": "annotation",
    "dataObjectReference": "data-object",
    "dataObject": "data-object",
    "dataStoreReference": "data-store",
    "group": "group",
}


def is_expanded(node: Node) -> bool:
    return node.kind in SUBPROCESSES and node.attrs.get("di:isExpanded") == "true"


def rect(g: etree._Element, box: Bounds, css: str, rx: float = 0) -> None:
    attrs = {"x": num(box.x), "y": num(box.y), "width": num(box.w), "height": num(box.h)}
    if rx:
        attrs["rx"] = num(rx)
    etree.SubElement(g, f"{{{SVG}}}rect", {"class": css, **attrs})


def _task(g: etree._Element, node: Node) -> list[Bounds]:
    b = node.bounds
    rect(g, b, "outline", rx=10)
    task_marker(g, node.kind, b.x + 6, b.y + 5)
    activity_markers(g, node.attrs, node.details, b.cx, b.bottom, collapsed=False, adhoc=False)
    # Keep the label clear of the type glyph above and the markers below.
    centered(g, node.name, Bounds(b.x, b.y + 14, b.w, b.h - 28))
    return [b]


def _subprocess(g: etree._Element, node: Node) -> list[Bounds]:
    b, expanded = node.bounds, is_expanded(node)
    css = {"callActivity": "outline call", "transaction": "outline"}.get(node.kind, "outline")
    if node.attrs.get("triggeredByEvent") == "true":
        css += " event-sub"
    rect(g, b, css, rx=10)
    if node.kind == "transaction":  # a transaction has a double border
        rect(g, Bounds(b.x + 3, b.y + 3, b.w - 6, b.h - 6), "outline inner", rx=8)
    adhoc = node.kind == "adHocSubProcess"
    activity_markers(g, node.attrs, node.details, b.cx, b.bottom, not expanded, adhoc)
    if expanded:  # the inside holds other shapes: write the name in the top-left corner
        add_text(g, wrap(node.name, b.w - 16, 2), b.x + 8, b.y + 5, anchor="start")
    else:
        centered(g, node.name, Bounds(b.x, b.y + 6, b.w, b.h - 28))
    return [b]


def _event(g: etree._Element, node: Node) -> list[Bounds]:
    b = node.bounds
    r = min(b.w, b.h) / 2
    css = {"startEvent": "event-start", "endEvent": "event-end"}.get(node.kind, "event-middle")
    if node.attrs.get("cancelActivity") == "false" or node.attrs.get("isInterrupting") == "false":
        css += " non-interrupting"
    circle(g, b.cx, b.cy, r, f"outline {css}")
    if css.startswith("event-middle"):  # intermediate and boundary events have a double ring
        circle(g, b.cx, b.cy, r - 3, f"outline inner {css}")
    event_icon(g, node.kind, node.details, b.cx, b.cy, r)
    return [b, _external_label(g, node)]


def _gateway(g: etree._Element, node: Node) -> list[Bounds]:
    b = node.bounds
    poly(g, [(b.cx, b.y), (b.right, b.cy), (b.cx, b.bottom), (b.x, b.cy)], True, "outline")
    _GATEWAY_MARKS.get(node.kind, lambda *_: None)(g, b, node)
    return [b, _external_label(g, node)]


def _cross(g: etree._Element, b: Bounds, arm: float, diagonal: bool) -> None:
    cx, cy, a = b.cx, b.cy, arm * min(b.w, b.h)
    if diagonal:
        poly(g, [(cx - a, cy - a), (cx + a, cy + a)], False, "icon thick")
        poly(g, [(cx + a, cy - a), (cx - a, cy + a)], False, "icon thick")
    else:
        poly(g, [(cx, cy - a * 1.3), (cx, cy + a * 1.3)], False, "icon thick")
        poly(g, [(cx - a * 1.3, cy), (cx + a * 1.3, cy)], False, "icon thick")


def _exclusive(g: etree._Element, b: Bounds, node: Node) -> None:
    # Modelers may hide the X on purpose; bpmn.js omits the attribute, so only "false" hides it.
    if node.attrs.get("di:isMarkerVisible") != "false":
        _cross(g, b, 0.18, diagonal=True)


def _event_based(g: etree._Element, b: Bounds, node: Node) -> None:
    size = min(b.w, b.h)
    circle(g, b.cx, b.cy, size * 0.3, "icon")
    circle(g, b.cx, b.cy, size * 0.25, "icon")
    pentagon = [(0, -1), (0.95, -0.31), (0.59, 0.81), (-0.59, 0.81), (-0.95, -0.31)]
    poly(g, [(b.cx + x * size * 0.14, b.cy + y * size * 0.14) for x, y in pentagon], True, "icon")


_GATEWAY_MARKS: dict[str, Callable[[etree._Element, Bounds, Node], None]] = {
    "exclusiveGateway": _exclusive,
    "parallelGateway": lambda g, b, _: _cross(g, b, 0.2, diagonal=False),
    "inclusiveGateway": lambda g, b, _: circle(g, b.cx, b.cy, min(b.w, b.h) * 0.24, "icon thick"),
    "complexGateway": lambda g, b, _: (_cross(g, b, 0.16, True), _cross(g, b, 0.18, False)),
    "eventBasedGateway": _event_based,
}


def _external_label(g: etree._Element, node: Node) -> Bounds:
    return external(g, node.name, node.bounds, node.label) if node.name else node.bounds


def _container(g: etree._Element, node: Node) -> list[Bounds]:
    """A pool or lane: its name in a band along the left (or top, when laid out vertically)."""
    b, is_pool = node.bounds, node.kind == "participant"
    rect(g, b, "outline pool" if is_pool else "outline lane")
    if is_pool and not node.attrs.get("processRef"):  # a "black box" pool shows just its name
        centered(g, node.name, b)
    elif node.attrs.get("di:isHorizontal") == "false":
        if is_pool:
            poly(g, [(b.x, b.y + BAND), (b.right, b.y + BAND)], False, "outline pool")
        centered(g, node.name, Bounds(b.x, b.y, b.w, BAND), padding=2)
    else:
        if is_pool:
            poly(g, [(b.x + BAND, b.y), (b.x + BAND, b.bottom)], False, "outline pool")
        cx, cy = b.x + BAND / 2, b.cy
        lines = wrap(node.name, b.h - 10, 2)
        # Written horizontally, then turned a quarter to read bottom-up along the band.
        add_text(g, lines, cx, cy - len(lines) * 7, transform=f"rotate(-90 {num(cx)} {num(cy)})")
    return [b]


def _annotation(g: etree._Element, node: Node) -> list[Bounds]:
    b = node.bounds
    bracket = f"M{num(b.x + 10)},{num(b.y)} h-10 v{num(b.h)} h10"
    path(g, bracket, "bracket")
    lines = wrap(node.name, b.w - 10, max(1, int(b.h // 14)))
    add_text(g, lines, b.x + 5, b.y + 3, anchor="start")
    return [b]


def _data_object(g: etree._Element, node: Node) -> list[Bounds]:
    b = node.bounds
    fold = min(b.w, b.h) / 3
    page = f"M{num(b.x)},{num(b.y)} h{num(b.w - fold)} l{num(fold)},{num(fold)} "
    page += f"v{num(b.h - fold)} h{num(-b.w)} z"
    path(g, page, "outline")
    return [b, _external_label(g, node)]


def _data_store(g: etree._Element, node: Node) -> list[Bounds]:
    b, lip = node.bounds, node.bounds.h / 6
    rect(g, b, "outline", rx=4)
    path(g, f"M{num(b.x)},{num(b.y + lip)} q{num(b.w / 2)},{num(lip)} {num(b.w)},0", "icon")
    return [b, _external_label(g, node)]


def _group(g: etree._Element, node: Node) -> list[Bounds]:
    rect(g, node.bounds, "group-box", rx=10)
    add_text(g, wrap(node.name, node.bounds.w - 10, 2), node.bounds.cx, node.bounds.y + 4)
    return [node.bounds]


def _other(g: etree._Element, node: Node) -> list[Bounds]:
    """Kinds this renderer does not know are still shown where they are, as a dashed box."""
    rect(g, node.bounds, "group-box")
    centered(g, node.name, node.bounds)
    return [node.bounds]


DRAW: dict[str, Callable[[etree._Element, Node], list[Bounds]]] = {
    "task": _task,
    "subprocess": _subprocess,
    "event": _event,
    "gateway": _gateway,
    "pool": _container,
    "lane": _container,
    "annotation": _annotation,
    "data-object": _data_object,
    "data-store": _data_store,
    "group": _group,
    "other": _other,
}
