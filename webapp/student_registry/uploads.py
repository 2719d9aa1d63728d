"""Keeping an uploaded 学籍 file until its import job has run: UPLOAD_DIR/registry/<random>.<ext>,
copied in chunks (a national export can be hundreds of megabytes)."""

from __future__ import annotations

import secrets
import shutil
from datetime import date
from pathlib import Path
from typing import BinaryIO

from webapp.clock import Clock
from webapp.errors import RuleViolation
from webapp.jobs import enqueue
from webapp.jobs.models import BackgroundJob
from webapp.models import User

from .jobs import KIND

# Large enough for a province's whole export as CSV (about 100 bytes a row, 4,000,000 rows).
MAX_UPLOAD_BYTES = 1024 * 1024 * 1024
SUFFIXES = (".csv", ".xlsx")


def queue_import(
    stream: BinaryIO, filename: str, as_of: date, user: User, clock: Clock, upload_dir: str
) -> BackgroundJob:
    """Keep the file and queue its import (adds and flushes; the caller commits)."""
    suffix = Path(filename or "").suffix.lower()
    if suffix not in SUFFIXES:
        raise RuleViolation(
            "学籍文件应为 .csv 或 .xlsx 格式。", {"file": "请上传 .csv 或 .xlsx 文件"}
        )
    folder = Path(upload_dir) / "registry"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{secrets.token_hex(16)}{suffix}"
    with path.open("wb") as target:
        shutil.copyfileobj(stream, target, 1024 * 1024)
    if path.stat().st_size == 0:
        path.unlink()
        raise RuleViolation("上传的文件是空的。", {"file": "请选择学籍导出文件"})
    params = {"path": str(path), "filename": filename[:200], "as_of": as_of.isoformat()}
    return enqueue(KIND, params, clock, user=user)
