"""Fresh databases (PostgreSQL and SQLite), the app on them, and the province's organisations."""

from __future__ import annotations

import csv
import random
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import insert, select
from werkzeug.security import generate_password_hash

from bench.common import PG_SERVER, ROOT

CITIES_CSV = ROOT.parent / "shared" / "domain" / "liaoning-cities.csv"
# The two big cities have more schools; the rest share what is left (300 in all).
CITY_WEIGHTS = {"210100": 5, "210200": 4}
SCHOOL_COUNT = 300
PASSWORD = "Bench@2026"  # noqa: S105 (a throwaway password for throwaway databases)
FAST_HASH = "pbkdf2:sha256:1000"
START = datetime(2026, 3, 2, 1, 0, tzinfo=UTC)


def fresh_postgres(name: str) -> str:
    """Drop and create database `name`; its SQLAlchemy URL."""
    import psycopg

    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
        conn.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = %s AND pid <> pg_backend_pid()",
            (name,),
        )
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    return f"{PG_SERVER}/{name}"


def drop_postgres(name: str) -> None:
    import psycopg

    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
        conn.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = %s AND pid <> pg_backend_pid()",
            (name,),
        )
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')


def database_url(kind: str, name: str, workdir: Path) -> str:
    """A fresh, empty database of `kind` ('postgresql' or 'sqlite')."""
    if kind == "postgresql":
        return fresh_postgres(name)
    path = workdir / f"{name}.sqlite"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    return f"sqlite:///{path}"


def make_app(url: str, workdir: Path, clock=None, migrate: bool = True, **config):
    """The app on `url` with the schema created by the Alembic migrations (as in production)."""
    from webapp import create_app

    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": url,
            "SECRET_KEY": "bench",
            "UPLOAD_DIR": str(workdir / "uploads"),
            "PASSWORD_HASH_METHOD": FAST_HASH,
            "BASE_URL": "http://127.0.0.1:5000",
            **({"CLOCK_OBJECT": clock} if clock is not None else {}),
            **config,
        }
    )
    if migrate:
        from flask_migrate import upgrade

        with app.app_context():
            upgrade(directory=str(ROOT / "migrations"))
    return app


def _cities() -> list[tuple[str, str]]:
    with CITIES_CSV.open(encoding="utf-8") as file:
        return [(row["code"], row["name"]) for row in csv.DictReader(file)]


def school_plan(seed: int = 6) -> list[tuple[str, str, str]]:
    """(code, name, city code) for 300 schools over the 14 cities, the same every run."""
    rng = random.Random(seed)
    cities = _cities()
    weights = [CITY_WEIGHTS.get(code, 1.5) for code, _ in cities]
    counts = dict.fromkeys((code for code, _ in cities), 1)
    for _ in range(SCHOOL_COUNT - len(cities)):
        counts[rng.choices(cities, weights)[0][0]] += 1
    names = dict(cities)
    plan = []
    for code, count in counts.items():
        for n in range(1, count + 1):
            plan.append((f"{code[:4]}{n:04d}", f"{names[code]}第{n}职业中等专业学校", code))
    return plan


def load_province() -> dict[str, int]:
    """Province, 14 cities, 300 schools; returns organisation code -> id."""
    from webapp.extensions import db
    from webapp.models import Organisation

    province = Organisation(code="210000", kind="province", name="辽宁省")
    db.session.add(province)
    db.session.flush()
    cities = db.session.scalars(
        insert(Organisation).returning(Organisation.id),
        [
            {"code": code, "kind": "city", "name": name, "parent_id": province.id}
            for code, name in _cities()
        ],
    ).all()
    city_ids = dict(zip((code for code, _ in _cities()), cities, strict=True))
    plan = school_plan()
    db.session.execute(
        insert(Organisation),
        [
            {"code": code, "kind": "school", "name": name, "parent_id": city_ids[city]}
            for code, name, city in plan
        ],
    )
    db.session.flush()
    return dict(db.session.execute(select(Organisation.code, Organisation.id)).all())


def add_user(username: str, role: str, org_id: int | None, display_name: str = ""):
    """A user with the bench password, written directly (no audit event: not what we measure)."""
    from webapp.extensions import db
    from webapp.models import User

    user = User(
        username=username,
        display_name=display_name or username,
        password_hash=generate_password_hash(PASSWORD, method=FAST_HASH),
        role=role,
        org_id=org_id,
    )
    db.session.add(user)
    db.session.flush()
    return user


def deploy_workflows(app, clock) -> None:
    from webapp.services.deploy import deploy, workflow_files

    deploy(workflow_files(app.config["WORKFLOWS_DIR"]), app.config["FORMS_DIR"], clock)
