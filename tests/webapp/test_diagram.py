"""The BPMN DI to SVG renderer: shapes for every node, state highlighting, escaping, safe parsing."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from webapp.diagram import DiagramError, render_svg
from webapp.diagram.text import wrap

DIAGRAMS = Path(__file__).parent / "diagrams"
SVG = "http://www.w3.org/2000/svg"
BPMN = "http://www.omg.org/spec/BPMN/20100524/MODEL"
NS = {"s": SVG}
NODE_KINDS = {"callActivity", "subProcess", "lane", "participant"}


def fixture(name: str) -> str:
    return (DIAGRAMS / name).read_text(encoding="utf-8")


def parsed(svg: str) -> etree._Element:
    return etree.fromstring(svg.encode("utf-8"))


def shape(root: etree._Element, element_id: str) -> etree._Element:
    (g,) = [g for g in root.iter(f"{{{SVG}}}g") if g.get("data-element-id") == element_id]
    return g


def label(g: etree._Element) -> str:
    """The visible text of a shape, its wrapped lines joined back together."""
    return "".join("".join(t.itertext()) for t in g.iterfind("s:text", NS))


def drawable_ids(bpmn_xml: str, process: str | None = None) -> set[str]:
    """Flow nodes, flows, lanes and pools declared in the file (in one process, if given)."""
    root = etree.fromstring(bpmn_xml.encode("utf-8"))
    scope = root if process is None else root.find(f"{{{BPMN}}}process[@id='{process}']")
    ids = set()
    for element in scope.iter(f"{{{BPMN}}}*"):
        kind = etree.QName(element).localname
        if kind.endswith(("Task", "Event", "Gateway", "Flow")) or kind in NODE_KINDS | {"task"}:
            ids.add(element.get("id"))
    return ids


def test_output_is_a_scalable_svg_document() -> None:
    root = parsed(render_svg(fixture("leave_request.bpmn")))
    assert root.tag == f"{{{SVG}}}svg"
    assert root.get("width") == "100%"
    x, y, width, height = (float(v) for v in root.get("viewBox").split())
    # The pool spans x 100..1000 and y 60..500; the view holds it with a margin.
    assert x < 100 and y < 60 and x + width > 1000 and y + height > 500
    assert root.find("s:style", NS) is not None


def test_every_flow_node_of_the_fixture_is_drawn_with_a_title() -> None:
    xml = fixture("leave_request.bpmn")
    root = parsed(render_svg(xml))
    drawn = {g.get("data-element-id") for g in root.iter(f"{{{SVG}}}g")} - {None}
    assert drawable_ids(xml) <= drawn
    assert shape(root, "Task_Fill").findtext("s:title", namespaces=NS) == "填写请假单"


def test_shapes_follow_their_kind() -> None:
    root = parsed(render_svg(fixture("leave_request.bpmn")))
    assert shape(root, "Task_Fill").find("s:rect", NS).get("rx") == "10"
    assert "call" in shape(root, "Call_Archive").find("s:rect", NS).get("class")
    assert len(shape(root, "Timer_Late").findall("s:circle", NS)) >= 3  # double ring + clock
    assert shape(root, "Gateway_Days").find("s:polygon", NS) is not None
    assert "event-end" in shape(root, "End_Short").find("s:circle", NS).get("class")
    # The default flow carries its slash as a second line; the conditional one its diamond.
    assert len(shape(root, "Flow_Short").findall("s:polyline", NS)) == 2
    assert "arrow" in shape(root, "Flow_Long").find("s:polyline", NS).get("marker-end")


def test_boundary_event_is_painted_over_its_host() -> None:
    root = parsed(render_svg(fixture("leave_request.bpmn")))
    order = [g.get("data-element-id") for g in root.iter(f"{{{SVG}}}g")]
    assert order.index("Timer_Late") > order.index("Task_Principal")


def test_states_become_highlight_classes() -> None:
    states = {
        "Task_Principal": "ready",
        "Call_Archive": "waiting",
        "Task_Fill": "completed",
        "Timer_Late": "error",
    }
    root = parsed(render_svg(fixture("leave_request.bpmn"), states))
    assert "state-active" in shape(root, "Task_Principal").get("class").split()
    assert "state-active" in shape(root, "Call_Archive").get("class").split()
    assert "state-completed" in shape(root, "Task_Fill").get("class").split()
    assert "state-error" in shape(root, "Timer_Late").get("class").split()
    assert "state-" not in shape(root, "Task_Dept").get("class")
    assert ".state-active" in root.findtext("s:style", namespaces=NS)


def test_names_are_written_as_text_including_chinese() -> None:
    root = parsed(render_svg(fixture("leave_request.bpmn")))
    assert label(shape(root, "Task_Dept")) == "部门负责人审批"
    assert label(shape(root, "Lane_Office")) == "教务处"
    assert label(shape(root, "Flow_Long")) == "多于3天"
    assert label(shape(root, "Gateway_Days")) == "请假天数？"


def test_long_names_wrap_to_the_shape_width() -> None:
    assert wrap("一二三四五六七八九十", 60) == ["一二三四五", "六七八九十"]
    assert wrap("Check the numbers twice", 90) == ["Check the", "numbers twice"]
    root = parsed(render_svg(fixture("archive_multi.bpmn")))
    lines = shape(root, "R_Check").findall("s:text/s:tspan", NS)
    assert [t.text for t in lines] == ["Check the", "numbers twice"]


def test_names_and_ids_from_the_file_are_escaped() -> None:
    xml = fixture("leave_request.bpmn").replace(
        'name="部门负责人审批"', 'name="&lt;script&gt;alert(1)&lt;/script&gt;"'
    )
    xml = xml.replace('"Task_Fill"', '"Fill&quot;&gt;&lt;script&gt;"')
    svg = render_svg(xml, {'Fill"><script>': "ready"})
    root = parsed(svg)
    assert not [e for e in root.iter() if etree.QName(e).localname == "script"]
    assert "<script>" not in svg
    assert label(shape(root, "Task_Dept")) == "<script>alert(1)</script>"
    assert "state-active" in shape(root, 'Fill"><script>').get("class")


def test_a_file_without_diagram_interchange_is_refused() -> None:
    xml = (
        f'<definitions xmlns="{BPMN}"><process id="p"><startEvent id="s"/></process></definitions>'
    )
    with pytest.raises(DiagramError, match="BPMN DI"):
        render_svg(xml)


def test_text_that_is_not_xml_is_refused() -> None:
    with pytest.raises(DiagramError, match="无法解析"):
        render_svg("<definitions><process")


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ('name="汇总数据"', 'name="&xxe;"'),  # libxml2 refuses external entities in attributes
        ("<text>每月初自动启动</text>", "<text>&xxe;</text>"),  # the annotation is drawn
    ],
)
def test_external_entities_are_never_resolved(old: str, new: str) -> None:
    doctype = '<!DOCTYPE definitions [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
    xml = fixture("archive_multi.bpmn").replace("<definitions", doctype + "<definitions", 1)
    xml = xml.replace(old, new, 1)
    try:
        svg = render_svg(xml)
    except DiagramError:
        return
    assert "root:" not in svg
    assert "R_Note" in svg


def test_diagram_is_chosen_by_process_id() -> None:
    xml = fixture("archive_multi.bpmn")
    drawn = {}
    for process_id in (None, "report", "archive"):
        root = parsed(render_svg(xml, process_id=process_id))
        drawn[process_id] = {g.get("data-element-id") for g in root.iter(f"{{{SVG}}}g")}
    # The first diagram's plane refers to the collaboration holding the "report" participant.
    assert drawn[None] == drawn["report"]
    assert drawable_ids(xml, "report") <= drawn["report"]
    assert "A_Rule" not in drawn["report"] and "Msg_Send" in drawn["report"]
    assert drawable_ids(xml, "archive") <= drawn["archive"]
    assert "R_Collect" not in drawn["archive"]


def test_an_unknown_process_id_with_several_diagrams_is_refused() -> None:
    with pytest.raises(DiagramError):
        render_svg(fixture("archive_multi.bpmn"), process_id="no_such_process")
    # A file with one diagram has only that picture to show.
    root = parsed(render_svg(fixture("leave_request.bpmn"), process_id="something_else"))
    assert shape(root, "Task_Fill") is not None
