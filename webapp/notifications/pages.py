"""The notification list, and marking notifications read."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from webapp.clock import current_clock
from webapp.extensions import db
from webapp.models.notification import is_internal_link
from webapp.notifications import bp
from webapp.request_args import page_arg
from webapp.services import notifications


@bp.get("/notifications")
@login_required
def index():
    only_unread = request.args.get("unread") == "1"
    page = notifications.list_for(
        current_user, page_arg(), current_app.config["INBOX_PAGE_SIZE"], only_unread
    )
    return render_template(
        "notifications/list.html", page=page, args=request.args, only_unread=only_unread
    )


@bp.post("/notifications/<int:notification_id>/read")
@login_required
def read(notification_id: int):
    """Mark read, then open what it is about (only ever a path on this site)."""
    notification = notifications.mark_read(current_user, notification_id, current_clock())
    db.session.commit()
    if is_internal_link(notification.link):
        return redirect(notification.link)
    return redirect(url_for("notifications.index"))


@bp.post("/notifications/read-all")
@login_required
def read_all():
    count = notifications.mark_all_read(current_user, current_clock())
    db.session.commit()
    flash(f"已将 {count} 条通知标为已读。" if count else "没有未读通知。")
    return redirect(url_for("notifications.index"))
