"""修改密码: every user's own page, and the gate that holds a user whose password an
administrator reset there until they choose one of their own."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required, login_user

from webapp.auth import bp
from webapp.clock import current_clock
from webapp.errors import DomainError, NotAllowed, as_json
from webapp.extensions import db
from webapp.services import auth, passwords

MUST_CHANGE_MESSAGE = "管理员已重置您的密码：请先登录网页，在“修改密码”页设置新密码后再使用。"
# What a user who must change their password may still reach.
_OPEN_ENDPOINTS = {
    "auth.change_password",
    "auth.change_password_save",
    "auth.logout",
    "auth.login",
    "static",
    "favicon",
}


@bp.before_app_request
def _hold_until_changed():
    if request.endpoint in _OPEN_ENDPOINTS or not current_user.is_authenticated:
        return None
    if not current_user.must_change_password:
        return None
    if request.path.startswith("/api/"):
        return as_json(NotAllowed(MUST_CHANGE_MESSAGE)), 403
    return redirect(url_for("auth.change_password"))


def _page(errors: dict[str, str] | None = None, status: int = 200):
    html = render_template("account_password.html", errors=errors or {}, rules=passwords.RULES_TEXT)
    return html, status


@bp.get("/account/password")
@login_required
def change_password():
    return _page()


@bp.post("/account/password")
@login_required
def change_password_save():
    form = request.form
    new = form.get("password", "")
    if new != form.get("confirm", ""):
        return _page({"confirm": "两次输入的新密码不一致"}, 422)
    user = current_user._get_current_object()
    try:
        auth.change_own_password(
            user,
            form.get("current", ""),
            new,
            current_clock(),
            current_app.config["PASSWORD_HASH_METHOD"],
        )
    except DomainError as error:
        db.session.rollback()
        return _page(error.fields or {"_form": error.message}, 422)
    db.session.commit()
    login_user(user)  # the new password ended every session: this one continues
    flash("密码已修改。其他设备上的登录已失效。")
    return redirect(url_for("inbox.index"))
