"""Removing what uploads leave behind once it is a day old: files under UPLOAD_DIR that no
attachment row names (a crash between file and row), and uploads no case ever took (a form
abandoned after its files were kept)."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import select

from webapp.clock import Clock
from webapp.extensions import db
from webapp.models import Attachment
from webapp.services import attachments

log = logging.getLogger(__name__)
MAX_AGE = timedelta(days=1)
_STORAGE_NAME = re.compile(r"[0-9a-f]{32}")  # attachments.store(): UPLOAD_DIR/ab/ab…(32 hex)
_CHUNK = 500


@dataclass
class Removed:
    files: list[str] = field(default_factory=list)  # storage names of files without a row
    uploads: list[int] = field(default_factory=list)  # attachment ids of never-linked uploads


def sweep(upload_dir: str, clock: Clock, max_age: timedelta = MAX_AGE) -> Removed:
    """Remove orphaned files now, and delete stale unlinked uploads (their files go when the
    caller commits). Issued documents (UPLOAD_DIR/documents/) and foreign files are left alone."""
    cutoff = clock.now() - max_age
    removed = Removed()
    for path in _orphaned_files(Path(upload_dir), cutoff):
        path.unlink(missing_ok=True)
        removed.files.append(path.name)
        log.info("removed orphaned upload file %s (no attachment row)", path)
    for attachment in _unlinked_uploads(cutoff):
        if not attachments.discard_unlinked(attachment, upload_dir):
            continue  # linked to a case since it was read
        removed.uploads.append(attachment.id)
        log.info(
            "removed upload %s (%s, %d bytes, by user %s at %s): never linked to a case",
            attachment.id,
            attachment.filename,
            attachment.size,
            attachment.uploaded_by_id,
            attachment.uploaded_at.isoformat(),
        )
    return removed


def _stored_files_older_than(root: Path, cutoff: datetime) -> list[Path]:
    if not root.is_dir():
        return []
    found = []
    for folder in root.iterdir():
        if not (folder.is_dir() and re.fullmatch(r"[0-9a-f]{2}", folder.name)):
            continue
        for path in folder.iterdir():
            named_like_ours = _STORAGE_NAME.fullmatch(path.name) and path.name[:2] == folder.name
            if named_like_ours and path.is_file() and _modified(path) < cutoff:
                found.append(path)
    return found


def _modified(path: Path) -> datetime:
    return datetime.fromtimestamp(path.stat().st_mtime, UTC)


def _orphaned_files(root: Path, cutoff: datetime) -> list[Path]:
    candidates = _stored_files_older_than(root, cutoff)
    names = [path.name for path in candidates]
    known: set[str] = set()
    for start in range(0, len(names), _CHUNK):
        chunk = names[start : start + _CHUNK]
        known.update(
            db.session.scalars(
                select(Attachment.storage_name).where(Attachment.storage_name.in_(chunk))
            )
        )
    return [path for path in candidates if path.name not in known]


def _unlinked_uploads(cutoff: datetime) -> list[Attachment]:
    return list(
        db.session.scalars(
            select(Attachment)
            .where(Attachment.instance_id.is_(None), Attachment.uploaded_at < cutoff)
            .order_by(Attachment.id)
        )
    )
