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
