"""Files that belong to a database row, written and removed with the transaction that records it:
a request that rolls back leaves no file behind, and a row removed on commit takes its file."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

from sqlalchemy import event
from sqlalchemy.orm import Session, SessionTransaction

_WRITTEN = "stored_files.written"
_TO_REMOVE = "stored_files.to_remove"


def write(session: Session, path: Path, body: bytes, stamp: datetime) -> None:
    """Write a new file now, dated `stamp` (the app's clock, so the orphan sweep compares like
    with like); it is removed again unless the session's transaction commits."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("xb") as file:  # never overwrite: a storage name is used once
        file.write(body)
    os.utime(path, (stamp.timestamp(), stamp.timestamp()))
    session.info.setdefault(_WRITTEN, []).append(path)


def remove_on_commit(session: Session, path: Path) -> None:
    """Remove the file once the session's transaction commits (kept if it rolls back)."""
    session.info.setdefault(_TO_REMOVE, []).append(path)


@event.listens_for(Session, "after_commit")
def _committed(session: Session) -> None:
    if session.in_nested_transaction():  # a savepoint: the outer transaction decides
        return
    session.info.pop(_WRITTEN, None)
    for path in session.info.pop(_TO_REMOVE, []):
        path.unlink(missing_ok=True)


@event.listens_for(Session, "after_transaction_end")
def _ended(session: Session, transaction: SessionTransaction) -> None:
    """The outermost transaction ended: whatever it wrote and did not commit goes."""
    if transaction.parent is not None:
        return
    session.info.pop(_TO_REMOVE, None)
    for path in session.info.pop(_WRITTEN, []):
        path.unlink(missing_ok=True)
