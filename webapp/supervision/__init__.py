"""督办: the supervision dashboard of open deadlines, its chart and its Excel export."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from flask import Blueprint, abort
from flask_login import current_user, login_required

from webapp.models.scope import may_supervise

bp = Blueprint("supervision", __name__)


def supervisor_required(view: Callable) -> Callable:
    """Supervising roles only; anyone else gets 404, so the pages' existence is not revealed."""

    @wraps(view)
    @login_required
    def wrapped(*args, **kwargs):
        if not may_supervise(current_user):
            abort(404)
        return view(*args, **kwargs)

    return wrapped


from webapp.supervision import views  # noqa: E402,F401
