"""Secure cookies and HSTS over HTTPS or in production, no-store on data and files, Allow on 405."""

from __future__ import annotations

import io
import re

from webapp.extensions import db

LOGIN = {"username": "school", "password": "Demo@2026"}
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _session_cookie(response) -> str:
    return next(h for h in response.headers.getlist("Set-Cookie") if h.startswith("session="))


def test_over_https_the_session_cookie_is_secure_and_hsts_is_sent(demo, client):
    response = client.post("/login", data=LOGIN, base_url="https://localhost")
    assert response.status_code == 302
    assert "; Secure" in _session_cookie(response)
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")


def test_plain_http_in_development_keeps_the_cookie_usable(demo, client):
    response = client.post("/login", data=LOGIN)
    assert "; Secure" not in _session_cookie(response)
    assert "Strict-Transport-Security" not in response.headers


def test_in_production_the_cookie_is_secure_and_hsts_sent_even_behind_a_proxy(demo, client):
    demo.config["APP_ENV"] = "production"
    response = client.post("/login", data=LOGIN)
    assert "; Secure" in _session_cookie(response)
    assert "Strict-Transport-Security" in response.headers


def test_a_trusted_proxy_says_the_request_came_over_https(demo):
    from webapp import create_app

    app = create_app({**demo.config, "PROXY_COUNT": 1})
    response = app.test_client().get("/login", headers={"X-Forwarded-Proto": "https"})
    assert "Strict-Transport-Security" in response.headers
    with app.app_context():
        db.engine.dispose()
    untrusted = demo.test_client().get("/login", headers={"X-Forwarded-Proto": "https"})
    assert "Strict-Transport-Security" not in untrusted.headers


def test_json_answers_are_not_stored(demo, client, api):
    assert api("school").get("/api/v1/tasks").headers["Cache-Control"] == "no-store"
    assert client.get("/api/v1/tasks").headers["Cache-Control"] == "no-store"  # 401 JSON
    assert client.get("/api/v1/openapi.json").headers["Cache-Control"] == "no-store"


def test_downloaded_files_are_not_stored(deployed, login_as):
    school = login_as("school")
    url = school.post("/processes/school_report/start").headers["Location"]
    form = {
        "period": "2026春",
        "enrolled": "1500",
        "full_time_teachers": "80",
        "summary": "本学期情况正常，无重大事项。",
        "evidence": (io.BytesIO(PDF), "自查报告.pdf"),
    }
    assert school.post(url, data=form, content_type="multipart/form-data").status_code == 302
    detail = school.get("/instances/1").get_data(as_text=True)
    link = re.search(r'href="(/files/\d+)"', detail).group(1)
    with school.get(link) as download:
        assert download.status_code == 200
        assert download.headers["Cache-Control"] == "no-store"


def test_static_files_may_still_be_cached(demo, client):
    with client.get("/static/css/app.css") as response:
        assert response.status_code == 200
        assert "no-store" not in response.headers.get("Cache-Control", "")


def test_method_not_allowed_says_which_methods_are(demo, client, login_as):
    page = login_as("school").get("/logout")
    assert page.status_code == 405
    assert "POST" in page.headers["Allow"]
    api = client.get("/api/v1/auth/login")
    assert api.status_code == 405 and api.get_json()["error"] == "method_not_allowed"
    assert "POST" in api.headers["Allow"]
    assert api.headers["Content-Type"] == "application/json"
