"""How a page answers a draft save: JSON to the page's autosave (fetch), a flash and a redirect
to the 保存草稿 button. Shared by the task form and the start form."""

from __future__ import annotations

from flask import flash, jsonify, redirect, request

from webapp.display import datetime_text
from webapp.errors import DomainError
from webapp.extensions import db


def from_autosave() -> bool:
    return request.headers.get("X-Requested-With") == "fetch"


def saved(draft, back: str, problems: dict | None = None):
    """The draft was kept (files the user chose but that were refused are named)."""
    when = datetime_text(draft.saved_at)
    if from_autosave():
        return jsonify(saved_at=when, message=f"草稿已自动保存（{when}）")
    note = "；未保存的文件：" + "；".join(problems.values()) if problems else ""
    flash(f"草稿已保存（{when}），下次打开时自动恢复{note}。", "error" if problems else "ok")
    return redirect(back)


def refused(error: DomainError, back: str):
    db.session.rollback()
    if from_autosave():
        return jsonify(message=error.message), error.status
    flash(error.message, "error")
    return redirect(back)


def discarded(back: str):
    flash("草稿已丢弃，表单恢复为初始内容。")
    return redirect(back)
