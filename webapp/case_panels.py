"""The case and task pages' slots, filled with the panels the case's process declares
(ProcessModule.panels), so generic pages never test which process they show."""

from __future__ import annotations

from flask import render_template
from markupsafe import Markup

from webapp.models import ProcessInstance, User
from webapp.processes.registry import current as installed_processes


def render_panels(instance: ProcessInstance, user: User, slot: str) -> list[Markup]:
    panels = installed_processes().panels(instance.process_key, slot)
    # A panel is an autoescaped template's output, so it is already safe HTML.
    return [
        Markup(render_template(panel.template, instance=instance, **panel.context(instance, user)))  # noqa: S704
        for panel in panels
    ]
