"""Files kept apart from a case's attachments (a referral's evidence, an objection's): checked
like any upload, written under UPLOAD_DIR/<folder>/ with a random name, described by a small
JSON list the owning row keeps ({"filename", "storage", "sha256", "size"})."""

from __future__ import annotations

import hashlib
import secrets
from pathlib import Path
from typing import BinaryIO

from webapp.errors import NotFound, RuleViolation
from webapp.taskforms import FieldDef, check_upload

EVIDENCE = FieldDef(
    name="evidence", label="佐证材料", widget="file", type="array",
    accept=(".pdf", ".jpg", ".jpeg", ".png"), max_bytes=10 * 1024 * 1024,
)  # fmt: skip


def keep(
    files: list[tuple[BinaryIO, str]], folder: str, upload_dir: str, max_files: int
) -> list[dict]:
    """Check every file first (none is written if one is refused), then write them."""
    if len(files) > max_files:
        raise RuleViolation(f"佐证材料最多 {max_files} 个文件。", {"evidence": "文件过多"})
    checked = []
    for stream, filename in files:
        body = stream.read(EVIDENCE.max_bytes + 1)
        problem = check_upload(EVIDENCE, filename, len(body), body[:16])
        if problem:
            raise RuleViolation(problem, {"evidence": problem})
        checked.append((Path(filename.replace("\\", "/")).name[:200], body))
    target = Path(upload_dir) / folder
    target.mkdir(parents=True, exist_ok=True)
    kept = []
    for name, body in checked:
        storage = secrets.token_hex(16)
        (target / storage).write_bytes(body)
        kept.append(
            {"filename": name, "storage": storage, "sha256": hashlib.sha256(body).hexdigest(),
             "size": len(body)}
        )  # fmt: skip
    return kept


def path_of(evidence: list[dict], index: int, folder: str, upload_dir: str) -> tuple[str, Path]:
    """The download name and the path of a kept file."""
    if not 0 <= index < len(evidence):
        raise NotFound("文件不存在或您无权下载。")
    entry = evidence[index]
    return entry["filename"], Path(upload_dir) / folder / entry["storage"]
