"""Keeping an uploaded 学籍 file until its import job has run: UPLOAD_DIR/registry/<random>.<ext>,
copied in chunks (a national export can be hundreds of megabytes)."""

from __future__ import annotations

from datetime import date
from typing import BinaryIO

from webapp.clock import Clock
from webapp.jobs import enqueue
from webapp.jobs.files import keep_file
from webapp.jobs.models import BackgroundJob
from webapp.models import User

from .jobs import KIND

# Large enough for a province's whole export as CSV (about 100 bytes a row, 4,000,000 rows).
MAX_UPLOAD_BYTES = 1024 * 1024 * 1024


def queue_import(
    stream: BinaryIO, filename: str, as_of: date, user: User, clock: Clock, upload_dir: str
) -> BackgroundJob:
    """Keep the file and queue its import (adds and flushes; the caller commits)."""
    path = keep_file(stream, filename, upload_dir, "registry")
    params = {"path": str(path), "filename": filename[:200], "as_of": as_of.isoformat()}
    return enqueue(KIND, params, clock, user=user)
