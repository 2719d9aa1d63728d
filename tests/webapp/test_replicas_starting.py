"""Replicas of the image starting together on one PostgreSQL database: each runs `flask db
upgrade` and `flask deploy` at start (Dockerfile CMD). Advisory locks make the second wait for
the first, so both succeed and every process is stored once."""

from __future__ import annotations

import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

import psycopg
import pytest

from tests.conftest import PG_URL, ROOT

pytestmark = pytest.mark.postgres
DATABASE = "replicas_check"


@pytest.fixture
def fresh_database():
    admin = PG_URL.replace("+psycopg", "")
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {DATABASE}")
    yield admin.rsplit("/", 1)[0] + f"/{DATABASE}"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")


def _flask(url: str, tmp_path, *args: str) -> subprocess.CompletedProcess:
    env = os.environ | {
        "DATABASE_URL": url,
        "SECRET_KEY": "replicas",
        "INSTANCE_PATH": str(tmp_path),
        "APP_ENV": "production",
        "BASE_URL": "https://zz.example",
    }
    command = [sys.executable, "-m", "flask", "--app", "webapp", *args]
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)


def _twice(url: str, tmp_path, *args: str) -> list[subprocess.CompletedProcess]:
    with ThreadPoolExecutor(2) as pool:
        return list(pool.map(lambda n: _flask(url, tmp_path / str(n), *args), (1, 2)))


def test_two_replicas_migrate_and_deploy_at_once(fresh_database, tmp_path):
    for result in _twice(fresh_database, tmp_path, "db", "upgrade"):
        assert result.returncode == 0, result.stderr[-2000:]
    for result in _twice(fresh_database, tmp_path, "deploy"):
        assert result.returncode == 0, result.stderr[-2000:]
    with psycopg.connect(fresh_database) as conn:
        heads = conn.execute("SELECT count(*) FROM alembic_version").fetchone()[0]
        versions = conn.execute(
            "SELECT key, count(*) FROM process_definition GROUP BY key HAVING count(*) > 1"
        ).fetchall()
        processes = conn.execute("SELECT count(DISTINCT key) FROM process_definition").fetchone()
    assert heads == 1 and versions == [] and processes[0] >= 10
