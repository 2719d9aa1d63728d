"""Shared fixtures: an app on a fresh database (SQLite, or PostgreSQL via TEST_DATABASE_URL),
a manual clock, demo organisations, one user per role, logged-in clients, and for browser tests a
live server and headless Chromium driven by Playwright."""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select, text
from werkzeug.serving import make_server

from webapp import create_app
from webapp.clock import ManualClock
from webapp.extensions import db

ROOT = Path(__file__).resolve().parent.parent
PG_URL = os.environ.get("TEST_DATABASE_URL")
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


def postgres_available() -> tuple[bool, str]:
    if not PG_URL:
        return False, "TEST_DATABASE_URL is not set"
    try:
        import psycopg

        psycopg.connect(PG_URL.replace("+psycopg", ""), connect_timeout=3).close()
    except Exception as error:  # any failure to connect means: skip, with the reason
        return False, f"PostgreSQL at {PG_URL} is not reachable: {error}"
    return True, ""


def pytest_collection_modifyitems(config, items) -> None:
    """Skip PostgreSQL-only tests with a reason, unless CI requires them (then they fail)."""
    ok, reason = postgres_available()
    if ok:
        return
    if os.environ.get("REQUIRE_POSTGRES") == "1":
        raise pytest.UsageError(f"REQUIRE_POSTGRES=1 but {reason}")
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(datetime(2026, 3, 2, 1, 0, tzinfo=UTC))


_fresh_schema = {"done": False}


def _reset_postgres_schema() -> None:
    """Once per test session: an empty schema, so tables always match the current models."""
    if _fresh_schema["done"]:
        return
    db.session.execute(text("DROP SCHEMA public CASCADE"))
    db.session.execute(text("CREATE SCHEMA public"))
    db.session.commit()
    _fresh_schema["done"] = True


def _truncate_all() -> None:
    tables = ", ".join(f'"{t.name}"' for t in db.metadata.sorted_tables)
    db.session.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    db.session.commit()


def app_settings(url: str, clock, tmp_path) -> dict:
    """The configuration every test app starts from: the database at `url`, the given clock."""
    return {
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "SQLALCHEMY_DATABASE_URI": url,
        "WTF_CSRF_ENABLED": False,
        "CLOCK_OBJECT": clock,
        "UPLOAD_DIR": str(tmp_path / "uploads"),
        "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
        "WORKFLOWS_DIR": str(ROOT / "workflows"),
        "FORMS_DIR": str(ROOT / "forms"),
    }


@pytest.fixture
def app_config() -> dict:
    """More configuration for the `app` fixture; a test module overrides it when it needs to."""
    return {}


@pytest.fixture
def app(tmp_path, clock, app_config) -> Iterator:
    url = PG_URL or f"sqlite:///{tmp_path / 'test.sqlite'}"
    app = create_app({**app_settings(url, clock, tmp_path), **app_config})
    # No app context stays pushed during the test: each request must get its own (and its own
    # Flask-Login user and session); tests open one with `with app.app_context():` to read the DB.
    with app.app_context():
        if PG_URL:
            _reset_postgres_schema()
        db.create_all()
        if PG_URL:
            _truncate_all()
    yield app
    with app.app_context():
        db.session.remove()
        if PG_URL:
            _truncate_all()
        db.engine.dispose()


@pytest.fixture
def demo(app, clock):
    """Organisations and one user per role (password Demo@2026)."""
    from webapp.cli.demo import load_organisations, load_users

    with app.app_context():
        load_organisations()
        load_users(clock, app.config["PASSWORD_HASH_METHOD"])
        db.session.commit()
    return app


@pytest.fixture
def deployed(demo):
    """Demo data plus every process in workflows/ deployed through the CLI."""
    result = demo.test_cli_runner().invoke(args=["deploy"])
    assert result.exit_code == 0, result.output
    return demo


@pytest.fixture
def admin(demo):
    """The demo admin user, inside an app context for service calls."""
    from webapp.models import User

    with demo.app_context():
        yield db.session.scalar(select(User).where(User.username == "admin"))


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def login_as(demo):
    """A fresh test client logged in (through the login page) as the named demo user."""

    def _login(username: str):
        client = demo.test_client()
        response = client.post("/login", data={"username": username, "password": "Demo@2026"})
        assert response.status_code == 302, response.get_data(as_text=True)
        return client

    return _login


@pytest.fixture
def api(demo):
    """An API caller: api(username) returns a client whose requests carry that user's token."""

    class Caller:
        def __init__(self, token: str) -> None:
            self.client = demo.test_client()
            self.headers = {"Authorization": f"Bearer {token}"}

        def get(self, url, **kw):
            return self.client.get(url, headers=self.headers, **kw)

        def post(self, url, json=None, **kw):
            return self.client.post(
                url, json=json if json is not None else {}, headers=self.headers, **kw
            )

    def _for(username: str) -> Caller:
        response = demo.test_client().post(
            "/api/v1/auth/login", json={"username": username, "password": "Demo@2026"}
        )
        assert response.status_code == 200, response.get_json()
        return Caller(response.get_json()["token"])

    return _for


@pytest.fixture
def live_server(deployed):
    server = make_server("127.0.0.1", 0, deployed, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join()


@pytest.fixture
def browser():
    if not shutil.which("chromium"):
        reason = "Chromium is not installed (scripts/system-packages.sh installs it)"
        if os.environ.get("CI"):
            pytest.fail(reason)  # CI must run the browser tests, not skip them
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield chromium
        chromium.close()
