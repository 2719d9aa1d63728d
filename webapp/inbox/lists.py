"""The inbox (待办) and done (已办) lists with filters, sorting and pagination."""

from __future__ import annotations

from flask import current_app, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from webapp.clock import current_clock
from webapp.display import days_left, is_overdue
from webapp.inbox import bp
from webapp.inbox.filters import read_filters
from webapp.inbox.saved_filters import query_of, saved_for
from webapp.models.inbox import archive, filter_choices, inbox
from webapp.request_args import page_arg


def _render(template: str, query, **extra) -> str:
    f, problems = read_filters()
    now = current_clock().now()
    page = page_arg()
    result = query(current_user, f, now, page, current_app.config["INBOX_PAGE_SIZE"])
    return render_template(
        template,
        page=result,
        filters=f,
        args=request.args,
        problems=problems,
        now=now,
        days_left=days_left,
        is_overdue=is_overdue,
        **filter_choices(current_user),
        **extra,
    )


@bp.get("/")
@login_required
def index():
    return redirect(url_for("inbox.todo"))


@bp.get("/inbox")
@login_required
def todo():
    return _render(
        "inbox.html",
        inbox,
        saved=saved_for(current_user),
        this_query=request.query_string.decode("utf-8", "replace"),
        current_query=query_of(request.query_string.decode("utf-8", "replace")),
    )


@bp.get("/done")
@login_required
def done():
    return _render("done.html", archive)
