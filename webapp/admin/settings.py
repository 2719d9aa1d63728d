"""The 系统设置 page: every number a province may change, by section, saved in one form."""

from __future__ import annotations

from collections.abc import Mapping

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from webapp.admin import admin_required, bp
from webapp.clock import current_clock
from webapp.errors import DomainError
from webapp.extensions import db
from webapp.settings_store import service
from webapp.settings_store.catalogue import by_key, groups


def _page(posted: Mapping[str, str] | None = None, errors=None, status: int = 200):
    current = service.all_values()
    known = by_key()
    inputs = {key: known[key].form_text(value) for key, value in current.items()}
    html = render_template(
        "admin/settings.html",
        groups=groups(),
        current=current,
        inputs=inputs | dict(posted or {}),
        errors=errors or {},
    )
    return html, status


def _posted(form) -> dict[str, str]:
    # A checkbox sends a hidden "0" and, when ticked, a "1" after it: the last value counts.
    return {key: form.getlist(key)[-1] for key in by_key() if key in form}


@bp.get("/settings")
@admin_required
def settings_page():
    return _page()


@bp.post("/settings")
@admin_required
def settings_save():
    posted = _posted(request.form)
    before = service.all_values()
    errors = service.set_values(posted, current_user, current_clock())
    if errors:
        return _page(posted, errors, status=422)
    db.session.commit()
    after = service.all_values()
    saved = sum(after[key] != before[key] for key in after)
    flash(f"已保存 {saved} 项设置。" if saved else "没有修改任何设置。")
    return redirect(url_for("admin.settings_page"))


@bp.post("/settings/<key>/reset")
@admin_required
def settings_reset(key: str):
    setting = by_key().get(key)
    if setting is None:
        abort(404)
    try:
        service.reset(key, current_user, current_clock())
    except DomainError as error:
        db.session.rollback()
        return _page(errors=error.fields, status=422)
    db.session.commit()
    flash(f"已将“{setting.label}”恢复为默认值 {setting.show(setting.default)}。")
    return redirect(url_for("admin.settings_page"))
