"""Login and logout pages."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required, login_user, logout_user

from webapp.clock import current_clock
from webapp.errors import DomainError
from webapp.extensions import db
from webapp.services import auth, login_throttle

bp = Blueprint("auth", __name__)


def _safe_next(target: str | None) -> str:
    """Only same-site relative paths, so the login page cannot redirect elsewhere."""
    if (
        target
        and target.startswith("/")
        and not target.startswith("//")
        and not urlsplit(target).netloc
    ):
        return target
    return url_for("inbox.index")


@bp.route("/login", methods=["GET", "POST"])
def login():
    username = request.form.get("username", "")
    if request.method == "POST":
        try:
            user = auth.authenticate(
                username,
                request.form.get("password", ""),
                request.remote_addr,
                current_clock(),
                login_throttle.policy_from(current_app.config),
            )
        except DomainError as error:
            db.session.commit()  # the failed attempt is counted even though login fails
            page = render_template("login.html", error=error.message, username=username)
            return page, error.status, error.headers
        db.session.commit()
        login_user(user)
        return redirect(_safe_next(request.args.get("next")))
    return render_template("login.html", username=username)


@bp.post("/logout")
@login_required
def logout():
    auth.end_sessions(current_user._get_current_object(), current_clock())
    db.session.commit()
    logout_user()
    flash("您已退出登录。")
    return redirect(url_for("auth.login"))


from webapp.auth import account  # noqa: E402,F401
