"""通知 pages: the user's notification list, mark read, and the unread badge in the header."""

from __future__ import annotations

from flask import Blueprint, has_request_context
from flask_login import current_user

from webapp.services.notifications import unread_count

bp = Blueprint("notifications", __name__)


@bp.app_context_processor
def _unread_badge() -> dict:
    """The header badge: one COUNT query, and none for visitors who are not logged in or for
    templates rendered outside a request (documents, emails), where there is no current user."""
    if not has_request_context() or not current_user.is_authenticated:
        return {"unread_notifications": 0}
    return {"unread_notifications": unread_count(current_user)}


from webapp.notifications import pages  # noqa: E402,F401
