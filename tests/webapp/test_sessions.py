"""Sessions end at logout and at a password reset; API tokens can be revoked and expire."""

from __future__ import annotations

from datetime import timedelta

from webapp.api.openapi import DOCUMENT
from webapp.extensions import db
from webapp.models import User


def _copy_of(client, demo):
    """A second browser holding the same session cookie (stolen or copied)."""
    copy = demo.test_client()
    copy.set_cookie("session", client.get_cookie("session").value)
    return copy


def _reset_password(demo, username: str, password: str):
    args = ["users", "set-password", "--username", username, "--password", password]
    return demo.test_cli_runner().invoke(args=args)


def test_a_session_cookie_copied_before_logout_no_longer_opens_the_inbox(demo, login_as):
    school = login_as("school")
    copy = _copy_of(school, demo)
    assert copy.get("/inbox").status_code == 200
    assert school.post("/logout").status_code == 302
    response = copy.get("/inbox")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_logging_in_again_after_logout_works(demo, login_as):
    school = login_as("school")
    school.post("/logout")
    again = login_as("school")
    assert again.get("/inbox").status_code == 200


def test_a_password_reset_ends_every_session_and_token_of_that_user(demo, login_as, api):
    school, other_user = login_as("school"), login_as("city")
    token = api("school")
    result = _reset_password(demo, "school", "Neues@2026x")
    assert result.exit_code == 0, result.output
    assert "school" in result.output
    assert school.get("/inbox").status_code == 302
    assert token.get("/api/v1/tasks").status_code == 401
    assert other_user.get("/inbox").status_code == 200
    client = demo.test_client()
    old = client.post("/login", data={"username": "school", "password": "Demo@2026"})
    assert old.status_code == 401
    new = client.post("/login", data={"username": "school", "password": "Neues@2026x"})
    assert new.status_code == 302


def test_a_password_reset_checks_the_password_and_the_user(demo):
    assert "至少" in _reset_password(demo, "school", "short").output
    assert "不存在" in _reset_password(demo, "nobody", "Neues@2026x").output


def test_a_deactivated_user_is_logged_out(demo, login_as):
    school = login_as("school")
    with demo.app_context():
        db.session.query(User).filter_by(username="school").one().active = False
        db.session.commit()
    assert school.get("/inbox").status_code == 302


def test_api_logout_revokes_only_the_presenting_token(demo, api):
    first, second = api("school"), api("school")
    response = first.post("/api/v1/auth/logout")
    assert response.status_code == 200, response.get_json()
    refused = first.get("/api/v1/tasks")
    assert refused.status_code == 401
    assert "令牌" in refused.get_json()["message"]
    assert second.get("/api/v1/tasks").status_code == 200
    assert first.post("/api/v1/auth/logout").status_code == 401


def test_tokens_expire_after_the_configured_lifetime(demo, client, clock):
    demo.config["API_TOKEN_HOURS"] = 1
    login = client.post("/api/v1/auth/login", json={"username": "city", "password": "Demo@2026"})
    body = login.get_json()
    assert body["expires_at"].startswith("2026-03-02T02:00:00")
    headers = {"Authorization": f"Bearer {body['token']}"}
    clock.advance(timedelta(minutes=59))
    assert client.get("/api/v1/tasks", headers=headers).status_code == 200
    clock.advance(timedelta(minutes=1))
    expired = client.get("/api/v1/tasks", headers=headers)
    assert expired.status_code == 401
    assert expired.get_json() == {
        "error": "unauthenticated",
        "message": "令牌已过期，请重新登录获取新令牌。",
    }


def test_the_api_document_describes_logout():
    operation = DOCUMENT["paths"]["/auth/logout"]["post"]
    assert "security" not in operation  # needs the bearer token it revokes
    assert "401" in operation["responses"]
