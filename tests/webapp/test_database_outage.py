"""A read-only or unreachable database: writes answer 503 系统维护中 (a page, or the JSON error
shape under /api/) with Retry-After, reads keep working, the outage is logged once, and the app
recovers by itself when the database is writable again. Real SQLite and PostgreSQL throughout."""

from __future__ import annotations

import secrets
from collections.abc import Iterator

import psycopg
import pytest
from sqlalchemy import event, text

from tests.conftest import PG_URL, app_settings
from webapp import create_app
from webapp.cli.demo import load_organisations, load_users
from webapp.extensions import db

MAINTENANCE = "系统维护中，请稍后再试"


def _app(url: str, clock, tmp_path):
    return create_app(app_settings(url, clock, tmp_path))


def _with_demo_users(app, clock):
    with app.app_context():
        db.create_all()
        load_organisations()
        load_users(clock, app.config["PASSWORD_HASH_METHOD"])
        db.session.commit()
    return app


def _login(app, username: str = "school"):
    client = app.test_client()
    response = client.post("/login", data={"username": username, "password": "Demo@2026"})
    assert response.status_code == 302, response.get_data(as_text=True)
    return client


def _api_token(app, username: str = "school") -> dict:
    response = app.test_client().post(
        "/api/v1/auth/login", json={"username": username, "password": "Demo@2026"}
    )
    assert response.status_code == 200, response.get_json()
    return {"Authorization": f"Bearer {response.get_json()['token']}"}


def _assert_maintenance_page(response) -> None:
    assert response.status_code == 503
    assert MAINTENANCE in response.get_data(as_text=True)
    assert int(response.headers["Retry-After"]) > 0


def _assert_maintenance_json(response) -> None:
    assert response.status_code == 503
    assert response.get_json() == {"error": "maintenance", "message": f"{MAINTENANCE}。"}
    assert int(response.headers["Retry-After"]) > 0


def _outage_logs(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if "database unavailable" in r.getMessage()]


def _recovery_logs(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if "database available again" in r.getMessage()]


class QueryOnly:
    """While on, every new SQLite connection refuses writes (PRAGMA query_only), as a read-only
    file does; existing connections are dropped when it is switched on."""

    def __init__(self, app) -> None:
        self.on = False
        with app.app_context():
            self.engine = db.engine
        event.listen(self.engine, "connect", self._connected)

    def _connected(self, dbapi_connection, _record) -> None:
        if self.on:
            dbapi_connection.execute("PRAGMA query_only = ON")

    def switch_on(self) -> None:
        self.on = True
        self.engine.dispose()


@pytest.fixture
def sqlite_app(tmp_path, clock) -> Iterator:
    """An app on its own SQLite file, whichever database the rest of the suite uses."""
    app = _with_demo_users(_app(f"sqlite:///{tmp_path / 'outage.sqlite'}", clock, tmp_path), clock)
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def test_a_read_only_sqlite_database_answers_503_keeps_reads_and_recovers(sqlite_app, caplog):
    school, token = _login(sqlite_app), _api_token(sqlite_app)
    read_only = QueryOnly(sqlite_app)
    read_only.switch_on()

    _assert_maintenance_page(school.post("/notifications/read-all"))
    _assert_maintenance_json(
        sqlite_app.test_client().post("/api/v1/notifications/read-all", headers=token)
    )
    _assert_maintenance_page(sqlite_app.test_client().post("/login", data={"username": "city"}))
    assert school.get("/inbox").status_code == 200  # reading still works
    assert sqlite_app.test_client().get("/api/v1/tasks", headers=token).status_code == 200
    assert len(_outage_logs(caplog)) == 1  # three refused writes, one log line

    read_only.on = False  # the database is writable again; the app is not restarted
    assert school.post("/notifications/read-all").status_code == 302
    assert len(_recovery_logs(caplog)) == 1


def test_a_sqlite_file_opened_read_only_answers_503_to_a_write(sqlite_app, clock, tmp_path):
    path = tmp_path / "outage.sqlite"
    read_only = _app(f"sqlite:///file:{path}?mode=ro&uri=true", clock, tmp_path)
    client = read_only.test_client()
    assert client.get("/login").status_code == 200
    _assert_maintenance_page(client.post("/login", data={"username": "school", "password": "x"}))
    with read_only.app_context():
        db.engine.dispose()


def test_an_unreachable_database_answers_503_pages_and_json(clock, tmp_path, caplog):
    closed_port = "postgresql://postgres@127.0.0.1:9/nothing?connect_timeout=2"
    app = _app(closed_port, clock, tmp_path)
    client = app.test_client()
    assert client.get("/login").status_code == 200  # needs no database
    _assert_maintenance_page(client.post("/login", data={"username": "school", "password": "x"}))
    _assert_maintenance_json(
        client.post("/api/v1/auth/login", json={"username": "school", "password": "x"})
    )
    _assert_maintenance_json(client.get("/api/v1/tasks", headers={"Authorization": "Bearer x"}))
    assert len(_outage_logs(caplog)) == 1


# --- PostgreSQL: a database of our own, made read-only and unreachable, then back ---------------


def _admin() -> psycopg.Connection:
    return psycopg.connect(PG_URL.replace("+psycopg", ""), autocommit=True)


def _kick_out(admin: psycopg.Connection, name: str) -> None:
    """End every session on the database, as a restart or a failover does."""
    admin.execute(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
        " WHERE datname = %s AND pid <> pg_backend_pid()",
        (name,),
    )


@pytest.fixture
def pg_app(clock, tmp_path) -> Iterator:
    name = f"outage_{secrets.token_hex(4)}"
    with _admin() as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    url = PG_URL.rsplit("/", 1)[0] + f"/{name}"
    app = _with_demo_users(_app(url, clock, tmp_path), clock)
    app.config["OUTAGE_DATABASE"] = name
    try:
        yield app
    finally:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
        with _admin() as admin:
            admin.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true')
            _kick_out(admin, name)
            admin.execute(f'DROP DATABASE "{name}"')


@pytest.mark.postgres
def test_postgres_read_only_then_writable_again_without_a_restart(pg_app, caplog):
    name = pg_app.config["OUTAGE_DATABASE"]
    school, token = _login(pg_app), _api_token(pg_app)
    with _admin() as admin:
        admin.execute(f'ALTER DATABASE "{name}" SET default_transaction_read_only = on')
        _kick_out(admin, name)  # the server came back read-only (e.g. a standby promoted late)

    assert school.get("/inbox").status_code == 200  # a pooled connection died: pre-ping
    _assert_maintenance_page(school.post("/notifications/read-all"))
    _assert_maintenance_json(
        pg_app.test_client().post("/api/v1/notifications/read-all", headers=token)
    )
    assert pg_app.test_client().get("/api/v1/tasks", headers=token).status_code == 200
    assert len(_outage_logs(caplog)) == 1

    with _admin() as admin:  # writable again; sessions opened meanwhile stay read-only
        admin.execute(f'ALTER DATABASE "{name}" SET default_transaction_read_only = off')
    assert school.post("/notifications/read-all").status_code == 302
    assert len(_recovery_logs(caplog)) == 1


@pytest.mark.postgres
def test_postgres_refusing_connections_then_back(pg_app, caplog):
    name = pg_app.config["OUTAGE_DATABASE"]
    school = _login(pg_app)
    with _admin() as admin:
        admin.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false')
        _kick_out(admin, name)
    _assert_maintenance_page(school.get("/inbox"))
    _assert_maintenance_page(school.post("/notifications/read-all"))
    assert len(_outage_logs(caplog)) == 1
    with _admin() as admin:
        admin.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true')
    assert school.get("/inbox").status_code == 200
    assert school.post("/notifications/read-all").status_code == 302


def test_a_query_mistake_is_still_a_500_not_maintenance(sqlite_app, caplog):
    """Only an unavailable database is maintenance: a missing table is a bug, logged as one."""
    school = _login(sqlite_app)
    with sqlite_app.app_context():
        db.session.execute(text("DROP TABLE work_item"))
        db.session.commit()
    response = school.get("/inbox")
    assert response.status_code == 500 and MAINTENANCE not in response.get_data(as_text=True)
    assert _outage_logs(caplog) == []
