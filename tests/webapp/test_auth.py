"""Login page, API tokens, throttling of repeated failures, logout needing CSRF."""

from __future__ import annotations

from datetime import timedelta

from webapp.extensions import db
from webapp.models import User


def test_login_page_in_chinese_and_wrong_password_keeps_username(demo, client):
    page = client.get("/login").get_data(as_text=True)
    assert "用户名" in page and "密码" in page
    response = client.post("/login", data={"username": "school", "password": "wrong-password"})
    assert response.status_code == 401
    text = response.get_data(as_text=True)
    assert "用户名或密码不正确" in text
    assert 'value="school"' in text


def test_pages_need_login(demo, client):
    response = client.get("/inbox")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_login_redirect_only_to_same_site(demo, client):
    response = client.post(
        "/login?next=//evil.example/x", data={"username": "school", "password": "Demo@2026"}
    )
    assert response.headers["Location"] == "/"


def test_passwords_are_hashed(demo):
    with demo.app_context():
        user = db.session.query(User).filter_by(username="school").one()
        assert "Demo@2026" not in user.password_hash


def test_repeated_failures_are_slowed_down_then_allowed_again(demo, client, clock):
    def attempt(password: str) -> int:
        body = {"username": "city", "password": password}
        return client.post("/api/v1/auth/login", json=body).status_code

    assert [attempt("x") for _ in range(5)] == [401] * 5
    blocked = client.post("/api/v1/auth/login", json={"username": "city", "password": "Demo@2026"})
    assert blocked.status_code == 429
    assert "秒后重试" in blocked.get_json()["message"]
    clock.advance(timedelta(seconds=1))
    assert attempt("x") == 401  # allowed to try again, and the wait doubles
    clock.advance(timedelta(seconds=1))
    assert attempt("Demo@2026") == 429
    clock.advance(timedelta(seconds=1))
    assert attempt("Demo@2026") == 200
    assert attempt("x") == 401  # a success resets the count


def test_unknown_usernames_are_throttled_too(demo, client):
    for _ in range(6):
        client.post("/api/v1/auth/login", json={"username": "nobody", "password": "x"})
    assert (
        client.post("/api/v1/auth/login", json={"username": "nobody", "password": "x"}).status_code
        == 429
    )


def test_api_needs_a_valid_token(demo, client, clock, api):
    response = client.get("/api/v1/tasks")
    assert response.status_code == 401
    assert response.get_json()["error"] == "unauthenticated"
    assert client.get("/api/v1/tasks", headers={"Authorization": "Bearer nope"}).status_code == 401
    caller = api("school")
    assert caller.get("/api/v1/tasks").status_code == 200
    clock.advance(timedelta(hours=13))
    assert caller.get("/api/v1/tasks").status_code == 401


def test_forms_need_csrf_token(tmp_path, demo):
    demo.config["WTF_CSRF_ENABLED"] = True
    client = demo.test_client()
    response = client.post("/login", data={"username": "school", "password": "Demo@2026"})
    assert response.status_code == 400
    assert "CSRF" in response.get_data(as_text=True)
    page = client.get("/login").get_data(as_text=True)
    assert 'name="csrf_token"' in page


def test_pages_carry_security_headers(demo, client):
    response = client.get("/login")
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Cache-Control"] == "no-store"
