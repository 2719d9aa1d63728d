"""Files a background job will read: kept under UPLOAD_DIR/<folder>/<random><suffix>, copied in
chunks (an export can be hundreds of megabytes), until the job has settled."""

from __future__ import annotations

import secrets
import shutil
from pathlib import Path
from typing import BinaryIO

from webapp.errors import RuleViolation

SUFFIXES = (".csv", ".xlsx")


def keep_file(stream: BinaryIO, filename: str, upload_dir: str, folder: str) -> Path:
    """The kept copy of an uploaded table; RuleViolation (field "file") for another type or an
    empty file."""
    suffix = Path(filename or "").suffix.lower()
    if suffix not in SUFFIXES:
        raise RuleViolation("文件应为 .csv 或 .xlsx 格式。", {"file": "请上传 .csv 或 .xlsx 文件"})
    target = Path(upload_dir) / folder
    target.mkdir(parents=True, exist_ok=True)
    path = target / f"{secrets.token_hex(16)}{suffix}"
    with path.open("wb") as copy:
        shutil.copyfileobj(stream, copy, 1024 * 1024)
    if path.stat().st_size == 0:
        path.unlink()
        raise RuleViolation("上传的文件是空的。", {"file": "请选择要上传的文件"})
    return path


def remove_settled_files(kind: str) -> int:
    """Remove the kept files (params["path"]) of jobs of this kind that are done or failed for
    good; how many. Runners call it as they start, so files never outlive their jobs for long."""
    from sqlalchemy import select

    from webapp.extensions import db

    from .models import BackgroundJob

    settled = db.session.scalars(
        select(BackgroundJob).where(
            BackgroundJob.kind == kind, BackgroundJob.state.in_(("done", "failed"))
        )
    )
    removed = 0
    for job in settled:
        path = Path(str((job.params or {}).get("path", "")))
        if path.name and path.is_file():
            path.unlink()
            removed += 1
    return removed
