"""Background jobs over the API: how far a job has got, and its result or error."""

from __future__ import annotations

from datetime import datetime

from webapp.api import bp
from webapp.api.common import api_user, token_required
from webapp.jobs import BackgroundJob, get_visible


def _instant(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def job_json(job: BackgroundJob) -> dict:
    return {
        "id": job.id,
        "kind": job.kind,
        "state": job.state,
        "state_label": job.state_label,
        "progress": job.progress,
        "total": job.total,
        "message": job.message,
        "result": job.result,
        "error": job.error,
        "created_at": job.created_at.isoformat(),
        "started_at": _instant(job.started_at),
        "finished_at": _instant(job.finished_at),
    }


@bp.get("/jobs/<int:job_id>")
@token_required
def job_detail(job_id: int):
    return job_json(get_visible(job_id, api_user()))
