"""Notifications over the API: list the caller's own, mark one or all read."""

from __future__ import annotations

from flask import request

from webapp.api import bp
from webapp.api.common import api_user, token_required
from webapp.api.tasks import MAX_PAGE_SIZE
from webapp.clock import current_clock
from webapp.extensions import db
from webapp.models import Notification
from webapp.request_args import int_arg, page_arg
from webapp.services import notifications


def notification_json(notification: Notification) -> dict:
    return {
        "id": notification.id,
        "kind": notification.kind,
        "kind_label": notification.kind_label,
        "title": notification.title,
        "body": notification.body,
        "link": notification.link,
        "instance_id": notification.instance_id,
        "work_item_id": notification.work_item_id,
        "created_at": notification.created_at.isoformat(),
        "read_at": notification.read_at.isoformat() if notification.read_at else None,
    }


@bp.get("/notifications")
@token_required
def list_notifications():
    page = page_arg(strict=True)
    size = min(MAX_PAGE_SIZE, max(1, int_arg("size", 20, strict=True)))
    only_unread = request.args.get("unread") in ("1", "true", "yes")
    result = notifications.list_for(api_user(), page, size, only_unread)
    return {
        "items": [notification_json(n) for n in result.items],
        "total": result.total,
        "page": result.page,
        "size": result.size,
        "unread": notifications.unread_count(api_user()),
    }


@bp.post("/notifications/<int:notification_id>/read")
@token_required
def read_notification(notification_id: int):
    notification = notifications.mark_read(api_user(), notification_id, current_clock())
    db.session.commit()
    return notification_json(notification)


@bp.post("/notifications/read-all")
@token_required
def read_all_notifications():
    count = notifications.mark_all_read(api_user(), current_clock())
    db.session.commit()
    return {"marked": count}
