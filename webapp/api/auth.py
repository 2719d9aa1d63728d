"""POST /api/v1/auth/login: credentials for a bearer token; /auth/logout revokes it."""

from flask import current_app, request

from webapp.api import bp
from webapp.api.common import MUST_CHANGE_MESSAGE, api_token, json_body, token_required
from webapp.clock import current_clock
from webapp.errors import NotAllowed, RuleViolation
from webapp.extensions import db
from webapp.services import api_tokens, auth, login_throttle


@bp.post("/auth/login")
def login():
    body = json_body()
    username, password = body.get("username"), body.get("password")
    if not isinstance(username, str) or not isinstance(password, str) or not username:
        raise RuleViolation("请填写用户名和密码。", {"username": "必填", "password": "必填"})
    policy = login_throttle.policy_from(current_app.config)
    try:
        user = auth.authenticate(username, password, request.remote_addr, current_clock(), policy)
    except Exception:
        db.session.commit()  # the failed attempt counts even though the request fails
        raise
    if user.must_change_password:
        db.session.commit()  # the login is recorded; no token until the password is changed
        raise NotAllowed(MUST_CHANGE_MESSAGE)
    token, expires_at = api_tokens.issue(
        user, current_clock(), current_app.config["API_TOKEN_HOURS"]
    )
    db.session.commit()
    return {
        "token": token,
        "expires_at": expires_at.isoformat(),
        "user": {"username": user.username, "role": user.role},
    }


@bp.post("/auth/logout")
@token_required
def logout():
    api_tokens.revoke(api_token(), current_clock())
    db.session.commit()
    return {"message": "已退出登录，该令牌已失效。"}
