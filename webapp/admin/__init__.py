"""System administration pages (系统管理), for the admin role only; the calendar lives here."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from flask import Blueprint, abort, render_template
from flask_login import current_user, login_required

from webapp.models.scope import acts_for_province
from webapp.processes.registry import current as installed_processes

bp = Blueprint("admin", __name__)


def admin_required(view: Callable) -> Callable:
    """Logged-in admins of the province only; anyone else gets 404, so the pages' existence is
    not revealed."""

    @wraps(view)
    @login_required
    def wrapped(*args, **kwargs):
        if current_user.role != "admin" or not acts_for_province(current_user):
            abort(404)
        return view(*args, **kwargs)

    return wrapped


@bp.get("/")
@admin_required
def index():
    links = installed_processes().admin_links()
    return render_template("admin/index.html", process_admin_links=links)


from webapp.admin import (  # noqa: E402,F401
    calendar,
    failed_jobs,
    organisations,
    processes,
    settings,
    user_import,
    users,
)
