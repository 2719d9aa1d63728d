"""Settings from the environment: DATABASE_URL, TIMEZONE, and a SECRET_KEY created once, never a
constant."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from webapp import create_app
from webapp.display import date_text
from webapp.local_time import local_date
from webapp.services.provisional import as_instant
from webapp.workdays.calendar import WorkdayCalendar
from webapp.workdays.script_functions import workday_functions


def test_secret_key_is_generated_once_and_kept(tmp_path, monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.setenv("INSTANCE_PATH", str(tmp_path / "instance"))
    first = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"})
    second = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"})
    key_file = tmp_path / "instance" / "secret_key"
    assert len(first.config["SECRET_KEY"]) >= 64
    assert first.config["SECRET_KEY"] == second.config["SECRET_KEY"] == key_file.read_text()
    assert oct(key_file.stat().st_mode & 0o777) == "0o600"
    other = tmp_path / "elsewhere"
    monkeypatch.setenv("INSTANCE_PATH", str(other))
    assert (
        create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"}).config["SECRET_KEY"]
        != first.config["SECRET_KEY"]
    )


def test_environment_chooses_the_database(tmp_path, monkeypatch):
    monkeypatch.setenv("INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv("SECRET_KEY", "from-env")
    monkeypatch.delenv("DATABASE_URL", raising=False)
    default = create_app()
    assert default.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path / 'zhongzhi.sqlite'}"
    assert default.config["SECRET_KEY"] == "from-env"
    monkeypatch.setenv("DATABASE_URL", "postgresql://u@db.example:5432/zz")
    assert (
        create_app().config["SQLALCHEMY_DATABASE_URI"]
        == "postgresql+psycopg://u@db.example:5432/zz"
    )


def test_token_lifetime_and_trusted_proxies_come_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv("SECRET_KEY", "from-env")
    assert create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"}).config["PROXY_COUNT"] == 0
    monkeypatch.setenv("API_TOKEN_HOURS", "2")
    monkeypatch.setenv("PROXY_COUNT", "1")
    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"})
    assert app.config["API_TOKEN_HOURS"] == 2 and app.config["PROXY_COUNT"] == 1


def test_the_time_zone_comes_from_the_environment_and_is_used_for_every_local_day(
    tmp_path, monkeypatch
):
    monkeypatch.setenv("INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv("SECRET_KEY", "from-env")
    late_evening_in_new_york = datetime(2026, 3, 3, 3, 0, tzinfo=UTC)
    monkeypatch.delenv("TIMEZONE", raising=False)
    with create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"}).app_context():
        assert date_text(late_evening_in_new_york) == "2026-03-03"
    monkeypatch.setenv("TIMEZONE", "America/New_York")
    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"})
    assert app.config["TIMEZONE"] == "America/New_York"
    with app.app_context():
        assert date_text(late_evening_in_new_york) == "2026-03-02"
        assert local_date(late_evening_in_new_york).isoformat() == "2026-03-02"
        assert as_instant("2026-03-10").isoformat() == "2026-03-10T23:59:59-04:00"
        deadline = workday_functions(WorkdayCalendar())["working_day_deadline"]
        assert deadline("2026-03-02", 1) == "2026-03-03T23:59:59-05:00"
    # Outside an app (scripts, pure tests) the environment's zone holds too.
    assert local_date(late_evening_in_new_york).isoformat() == "2026-03-02"


def test_a_time_zone_that_does_not_exist_stops_the_app(tmp_path, monkeypatch):
    monkeypatch.setenv("INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv("TIMEZONE", "Asia/Shangai")
    with pytest.raises(RuntimeError, match="TIMEZONE"):
        create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"})


def test_production_refuses_to_start_without_a_secret_key(tmp_path, monkeypatch):
    """Two containers would each write their own key and refuse each other's sessions."""
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.setenv("INSTANCE_PATH", str(tmp_path / "instance"))
    monkeypatch.setenv("APP_ENV", "production")
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"})
    assert not (tmp_path / "instance" / "secret_key").exists()
    monkeypatch.setenv("SECRET_KEY", "shared-by-every-host")
    assert create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"}).config["SECRET_KEY"] == (
        "shared-by-every-host"
    )
