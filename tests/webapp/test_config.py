"""Settings from the environment: DATABASE_URL, and a SECRET_KEY created once, never a constant."""

from __future__ import annotations

from webapp import create_app


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
