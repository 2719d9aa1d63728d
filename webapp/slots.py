"""The generic pages' slots that the installed processes fill: links in the top menu
(ProcessModule.nav), panels on the case and task pages and sections of the 督办 dashboard
(ProcessModule.panels), so generic pages never test which process they show."""

from __future__ import annotations

from flask import Flask, has_request_context, render_template
from flask_login import current_user
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


def render_page_panels(slot: str, user: User) -> list[Markup]:
    """The installed processes' sections of a page about no one case (the 督办 dashboard)."""
    return [
        Markup(render_template(panel.template, **panel.context(None, user)))  # noqa: S704
        for panel in installed_processes().page_panels(slot)
    ]


def register(app: Flask) -> None:
    @app.context_processor
    def _process_nav() -> dict:
        if not has_request_context() or not current_user.is_authenticated:
            return {"process_nav": []}
        links = installed_processes().nav()
        role = current_user.role
        return {"process_nav": [link for link in links if not link.roles or role in link.roles]}
