"""POST /api/v1/auth/login: credentials for a bearer token."""

from flask import current_app

from webapp.api import bp
from webapp.api.common import clock, json_body
from webapp.errors import RuleViolation
from webapp.extensions import db
from webapp.services import auth


@bp.post("/auth/login")
def login():
    body = json_body()
    username, password = body.get("username"), body.get("password")
    if not isinstance(username, str) or not isinstance(password, str) or not username:
        raise RuleViolation("请填写用户名和密码。", {"username": "必填", "password": "必填"})
    try:
        user = auth.authenticate(
            username, password, clock(), current_app.config["LOGIN_FREE_ATTEMPTS"]
        )
    except Exception:
        db.session.commit()  # the failed attempt counts even though the request fails
        raise
    token = auth.issue_token(user, clock(), current_app.config["API_TOKEN_HOURS"])
    db.session.commit()
    return {"token": token, "user": {"username": user.username, "role": user.role}}
