"""Server-side SVG rendering of a BPMN file's diagram interchange, highlighting the current step."""

from __future__ import annotations

from collections.abc import Mapping

from webapp.diagram import model, render
from webapp.diagram.model import DiagramError

__all__ = ["DiagramError", "render_svg"]


def render_svg(
    bpmn_xml: str, states: Mapping[str, str] | None = None, process_id: str | None = None
) -> str:
    """SVG markup of the diagram. `states` maps BPMN element id -> 'ready' | 'waiting' | 'completed' | 'error'.

    process_id: when the file holds several diagrams/processes, draw the BPMNDiagram whose plane
    refers to this process (or to the collaboration containing its participant); default: the
    first diagram. A file with a single diagram draws it whatever process_id says; with several
    and none matching, DiagramError is raised rather than showing the wrong process.
    """
    root = model.parse(bpmn_xml)
    plane = model.choose_plane(root, process_id)
    nodes, flows = model.read_plane(root, plane)
    return render.draw(nodes, flows, states or {})
