"""Small markers drawn inside shapes: event definition icons, task type and activity markers."""

from __future__ import annotations

from lxml import etree

from webapp.diagram.text import SVG, num

Points = list[tuple[float, float]]


def _cross() -> Points:
    """An X: a plus sign of arm 0.45 and half-width 0.1, turned 45 degrees."""
    a, t = 0.45, 0.1
    plus = [(-t, -a), (t, -a), (t, -t), (a, -t), (a, t), (t, t)]
    plus += [(t, a), (-t, a), (-t, t), (-a, t), (-a, -t), (-t, -t)]
    return [((x - y) * 0.7071, (x + y) * 0.7071) for x, y in plus]


# Event icons in units of the event's radius, centred on the event; (closed?, points).
_EVENT_ICONS: dict[str, list[tuple[bool, Points]]] = {
    "message": [
        (True, [(-0.5, -0.33), (0.5, -0.33), (0.5, 0.33), (-0.5, 0.33)]),
        (False, [(-0.5, -0.33), (0, 0.05), (0.5, -0.33)]),
    ],
    "signal": [(True, [(0, -0.5), (0.47, 0.32), (-0.47, 0.32)])],
    "escalation": [(True, [(0, -0.5), (0.35, 0.45), (0, 0.1), (-0.35, 0.45)])],
    "error": [
        (
            True,
            [(-0.42, 0.42), (-0.18, -0.4), (0.1, 0.08), (0.42, -0.42), (0.18, 0.4), (-0.1, -0.08)],
        )
    ],
    "conditional": [
        (True, [(-0.35, -0.45), (0.35, -0.45), (0.35, 0.45), (-0.35, 0.45)]),
        (False, [(-0.22, -0.2), (0.22, -0.2)]),
        (False, [(-0.22, 0.05), (0.22, 0.05)]),
        (False, [(-0.22, 0.28), (0.22, 0.28)]),
    ],
    "compensate": [
        (True, [(-0.5, 0), (-0.05, -0.3), (-0.05, 0.3)]),
        (True, [(-0.05, 0), (0.4, -0.3), (0.4, 0.3)]),
    ],
    "link": [
        (
            True,
            [
                (-0.45, -0.15),
                (0.1, -0.15),
                (0.1, -0.4),
                (0.5, 0),
                (0.1, 0.4),
                (0.1, 0.15),
                (-0.45, 0.15),
            ],
        )
    ],
    "cancel": [(True, _cross())],
}
_THROWING = {"endEvent", "intermediateThrowEvent"}


def event_icon(
    g: etree._Element, kind: str, details: tuple[str, ...], cx: float, cy: float, r: float
) -> None:
    """The icon of the event's first definition; throwing events show it filled."""
    definitions = [
        d.removesuffix("EventDefinition") for d in details if d.endswith("EventDefinition")
    ]
    if not definitions:
        return
    throwing = kind in _THROWING
    if definitions[0] == "terminate":
        circle(g, cx, cy, r * 0.6, "icon solid")
    elif definitions[0] == "timer":
        circle(g, cx, cy, r * 0.6, "icon")
        poly(g, [(cx, cy - r * 0.45), (cx, cy), (cx + r * 0.3, cy + r * 0.15)], False, "icon")
    for closed, points in _EVENT_ICONS.get(definitions[0], []):
        poly(
            g,
            [(cx + px * r, cy + py * r) for px, py in points],
            closed,
            _icon_css(closed, throwing),
        )


def task_marker(g: etree._Element, kind: str, x: float, y: float) -> None:
    """A 16px glyph at the task's top-left telling the task kinds apart."""
    if kind == "userTask":  # a person: head and shoulders
        circle(g, x + 8, y + 5, 3.5, "icon")
        path(g, f"M{num(x + 1)},{num(y + 16)} a7,7 0 0 1 14,0 z", "icon")
    elif kind == "serviceTask":  # a gear: dashed thick ring reads as teeth
        circle(g, x + 8, y + 8, 5.5, "icon gear")
        circle(g, x + 8, y + 8, 2, "icon")
    elif kind in ("sendTask", "receiveTask"):
        for closed, points in _EVENT_ICONS["message"]:
            css = _icon_css(closed, kind == "sendTask")
            poly(g, [(x + 8 + px * 16, y + 8 + py * 16) for px, py in points], closed, css)
    elif kind == "businessRuleTask":  # a table
        poly(g, [(x, y + 2), (x + 16, y + 2), (x + 16, y + 14), (x, y + 14)], True, "icon")
        poly(g, [(x, y + 6), (x + 16, y + 6)], False, "icon")
        poly(g, [(x + 5, y + 2), (x + 5, y + 14)], False, "icon")
    elif kind in ("scriptTask", "manualTask"):  # a letter is plain but unmistakable
        letter = etree.SubElement(
            g, f"{{{SVG}}}text", {"class": "marker-letter"}, x=num(x + 2), y=num(y + 13)
        )
        letter.text = "S" if kind == "scriptTask" else "M"


def activity_markers(
    g: etree._Element,
    attrs: dict[str, str],
    details: tuple[str, ...],
    cx: float,
    bottom: float,
    collapsed: bool,
    adhoc: bool,
) -> None:
    """Bottom-centre markers: '+' for collapsed/called activities, loops, multi-instance, ad hoc."""
    marks = []
    if collapsed:
        marks.append("collapsed")
    if "multiInstanceLoopCharacteristics" in details:
        marks.append("sequential" if attrs.get("isSequential") == "true" else "parallel")
    elif "standardLoopCharacteristics" in details:
        marks.append("loop")
    if adhoc:
        marks.append("adhoc")
    left = cx - len(marks) * 8
    for index, mark in enumerate(marks):
        _MARKS[mark](g, left + index * 16 + 1, bottom - 16)


def _icon_css(closed: bool, throwing: bool) -> str:
    """Throwing icons are filled black; their inner lines are drawn white to stay visible."""
    if not throwing:
        return "icon"
    return "icon filled" if closed else "icon inverse"


def _collapsed(g: etree._Element, x: float, y: float) -> None:
    poly(g, [(x, y), (x + 14, y), (x + 14, y + 14), (x, y + 14)], True, "icon")
    poly(g, [(x + 3, y + 7), (x + 11, y + 7)], False, "icon")
    poly(g, [(x + 7, y + 3), (x + 7, y + 11)], False, "icon")


def _parallel(g: etree._Element, x: float, y: float) -> None:
    for dx in (3, 7, 11):
        poly(g, [(x + dx, y + 1), (x + dx, y + 13)], False, "icon thick")


def _sequential(g: etree._Element, x: float, y: float) -> None:
    for dy in (3, 7, 11):
        poly(g, [(x + 1, y + dy), (x + 13, y + dy)], False, "icon thick")


def _loop(g: etree._Element, x: float, y: float) -> None:
    path(g, f"M{num(x + 4)},{num(y + 12)} a5,5 0 1 1 6,0", "icon")
    poly(g, [(x + 10, y + 9), (x + 10, y + 12), (x + 13, y + 12)], False, "icon")


def _adhoc(g: etree._Element, x: float, y: float) -> None:
    path(g, f"M{num(x + 1)},{num(y + 8)} q3,-4 6,0 t6,0", "icon")


_MARKS = {
    "collapsed": _collapsed,
    "parallel": _parallel,
    "sequential": _sequential,
    "loop": _loop,
    "adhoc": _adhoc,
}


def circle(g: etree._Element, cx: float, cy: float, r: float, css: str) -> None:
    etree.SubElement(g, f"{{{SVG}}}circle", {"class": css}, cx=num(cx), cy=num(cy), r=num(r))


def path(g: etree._Element, d: str, css: str) -> None:
    etree.SubElement(g, f"{{{SVG}}}path", {"class": css}, d=d)


def poly(g: etree._Element, points: Points, closed: bool, css: str) -> None:
    tag = "polygon" if closed else "polyline"
    coords = " ".join(f"{num(px)},{num(py)}" for px, py in points)
    etree.SubElement(g, f"{{{SVG}}}{tag}", {"class": css}, points=coords)
