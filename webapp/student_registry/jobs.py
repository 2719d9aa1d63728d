"""The registry import as a background job (kind "registry_import"): the file an administrator
uploaded is imported by a scheduler process, with progress on the page. The import is
restartable, so a killed worker's job simply runs again; the file stays until its job has
settled (done or failed) and is removed when the next import starts."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from webapp.clock import current_clock
from webapp.errors import RuleViolation
from webapp.extensions import db
from webapp.jobs import register
from webapp.jobs.files import remove_settled_files
from webapp.jobs.models import BackgroundJob
from webapp.models import User

from .importing import RegistryImportRefused
from .service import import_registry

KIND = "registry_import"


@register(KIND)
def run_import(job: BackgroundJob, progress) -> dict:
    remove_settled_files(KIND)
    params = job.params
    path = Path(params["path"])
    if not path.is_file():
        raise RuleViolation("上传的学籍文件已不存在，请重新上传。")
    actor = db.session.get(User, job.created_by_id) if job.created_by_id else None
    try:
        result = import_registry(
            path,
            params["filename"],
            date.fromisoformat(params["as_of"]),
            current_clock(),
            actor=actor,
            progress=progress,
        )
    except RegistryImportRefused as refused:
        lines = [refused.heading, *refused.problems]
        raise RuleViolation("\n".join(lines)) from None
    return {
        "rows": result.rows,
        "pairs": result.pairs,
        "deleted": result.deleted,
        "inserted": result.inserted,
        "summary": result.summary,
    }
