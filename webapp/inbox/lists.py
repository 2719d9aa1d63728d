"""The inbox (待办) and done (已办) lists with filters, sorting and pagination."""

from __future__ import annotations

from datetime import datetime, time
from zoneinfo import ZoneInfo

from flask import current_app, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import select

from webapp.display import days_left, is_overdue
from webapp.extensions import db
from webapp.inbox import bp
from webapp.models import Organisation, ProcessDefinition
from webapp.models.inbox import InboxFilter, archive, inbox
from webapp.models.process import process_names
from webapp.models.scope import visible_schools
from webapp.request_args import id_arg, page_arg


def _filters() -> tuple[InboxFilter, list[str]]:
    problems = []
    due_before = None
    raw_due = request.args.get("due_before", "")
    if raw_due:
        try:
            day = datetime.strptime(raw_due, "%Y-%m-%d").date()
            due_before = datetime.combine(day, time.min, ZoneInfo(current_app.config["TIMEZONE"]))
        except ValueError:
            problems.append("“截止日期早于”的格式应为 2026-03-15，已忽略该条件。")
    return (
        InboxFilter(
            process=request.args.get("process") or None,
            school_id=id_arg("school"),
            city_id=id_arg("city"),
            overdue=request.args.get("overdue") == "1",
            due_before=due_before,
            text=request.args.get("q", "").strip() or None,
            sort=request.args.get("sort", ""),
        ),
        problems,
    )


def _choices() -> dict:
    processes = db.session.execute(process_names().order_by(ProcessDefinition.key)).all()
    schools = db.session.scalars(visible_schools(current_user).order_by(Organisation.code)).all()
    cities = db.session.scalars(
        select(Organisation).where(Organisation.kind == "city").order_by(Organisation.code)
    ).all()
    if current_user.org and current_user.org.kind != "province":
        cities = []
    return {"processes": dict(processes), "schools": schools, "cities": cities}


def _render(template: str, query) -> str:
    f, problems = _filters()
    now = current_app.extensions["clock"].now()
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
        **_choices(),
    )


@bp.get("/")
@login_required
def index():
    return redirect(url_for("inbox.todo"))


@bp.get("/inbox")
@login_required
def todo():
    return _render("inbox.html", inbox)


@bp.get("/done")
@login_required
def done():
    return _render("done.html", archive)
