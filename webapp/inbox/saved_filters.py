"""Saved filters of the inbox (待办), one list per user, like Camunda Tasklist's: a name and the
list's query string. Opening one is a link to the inbox with that query; the inbox's own filter
reader reads it, so a filter saved before a change of the page still opens (bad values are
left out and said)."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode

from flask import flash, redirect, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import delete, func, select

from webapp.clock import current_clock
from webapp.extensions import db
from webapp.inbox import bp
from webapp.models import SavedFilter

PAGE = "inbox"
MAX_NAME = 40
MAX_QUERY = 500
MAX_PER_USER = 20
KEPT = ("process", "school", "city", "overdue", "due_before", "q", "sort")


def saved_for(user) -> list[SavedFilter]:
    return list(
        db.session.scalars(
            select(SavedFilter)
            .where(SavedFilter.user_id == user.id, SavedFilter.page == PAGE)
            .order_by(SavedFilter.name)
        )
    )


def query_of(raw: str) -> str:
    """The inbox's own parameters of a query string (no page number), in a fixed order."""
    pairs = [(k, v) for k, v in parse_qsl(raw[:MAX_QUERY]) if k in KEPT and v]
    return urlencode(sorted(pairs))


def _back(query: str = ""):
    return redirect(url_for("inbox.todo") + (f"?{query}" if query else ""))


@bp.post("/inbox/filters")
@login_required
def save_filter():
    name = request.form.get("name", "").strip()
    query = query_of(request.form.get("query", ""))
    if not name or len(name) > MAX_NAME:
        flash(f"请为筛选起一个名称（1–{MAX_NAME} 个字）。", "error")
        return _back(query)
    if not query:
        flash("当前没有筛选条件：请先在上方选择条件并点“筛选”，再保存。", "error")
        return _back(query)
    existing = db.session.scalar(
        select(SavedFilter).where(
            SavedFilter.user_id == current_user.id,
            SavedFilter.page == PAGE,
            SavedFilter.name == name,
        )
    )
    if existing is not None:
        existing.query = query
        flash(f"已更新筛选“{name}”。")
    else:
        count = db.session.scalar(
            select(func.count(SavedFilter.id)).where(
                SavedFilter.user_id == current_user.id, SavedFilter.page == PAGE
            )
        )
        if count >= MAX_PER_USER:
            flash(f"最多保存 {MAX_PER_USER} 个筛选，请先删除不用的。", "error")
            return _back(query)
        db.session.add(
            SavedFilter(
                user_id=current_user.id,
                page=PAGE,
                name=name,
                query=query,
                created_at=current_clock().now(),
            )
        )
        flash(f"已保存筛选“{name}”。")
    db.session.commit()
    return _back(query)


@bp.post("/inbox/filters/<int:filter_id>/delete")
@login_required
def delete_filter(filter_id: int):
    deleted = db.session.execute(
        delete(SavedFilter).where(
            SavedFilter.id == filter_id, SavedFilter.user_id == current_user.id
        )
    ).rowcount
    db.session.commit()
    flash("已删除该筛选。" if deleted else "该筛选不存在或已删除。", "ok" if deleted else "error")
    return _back()
