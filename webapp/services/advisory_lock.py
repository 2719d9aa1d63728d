"""PostgreSQL advisory locks for what replicas starting together must not do at once: run the
migrations, deploy the diagrams. The second waits for the first and then finds nothing to do.
SQLite needs none (one file, one writer; `db upgrade` there is a single process)."""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

# Two fixed keys of this application (any 64-bit numbers no other code on the database uses).
MIGRATIONS = 7_216_001
DEPLOY = 7_216_002


def _on_postgres(bind) -> bool:
    return bind.dialect.name == "postgresql"


def hold_for_session(connection: Connection, key: int) -> None:
    """Wait for the lock and keep it until unlocked or the connection closes (migrations run in
    transactions of their own, so the lock must outlive them)."""
    if _on_postgres(connection):
        connection.execute(text("SELECT pg_advisory_lock(:key)"), {"key": key})


def release(connection: Connection, key: int) -> None:
    if _on_postgres(connection):
        connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": key})


def hold_for_transaction(session: Session, key: int) -> None:
    """Wait for the lock; the transaction's commit or rollback releases it."""
    if _on_postgres(session.get_bind()):
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": key})
