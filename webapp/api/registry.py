"""学籍 import through the API: an administrator uploads an export, a background job imports it
(GET /api/v1/jobs/{id} follows it)."""

from datetime import date

from flask import current_app, request, url_for

from webapp.api import bp
from webapp.api.common import api_user, token_required
from webapp.clock import current_clock
from webapp.errors import NotAllowed, RuleViolation
from webapp.extensions import db
from webapp.student_registry.uploads import MAX_UPLOAD_BYTES, queue_import


@bp.post("/registry/imports")
@token_required
def import_registry():
    user = api_user()
    if user.role != "admin":
        raise NotAllowed("只有系统管理员可以导入学籍数据。")
    request.max_content_length = MAX_UPLOAD_BYTES
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        raise RuleViolation("请以 multipart 字段 file 上传学籍文件。", {"file": "必填"})
    try:
        as_of = date.fromisoformat(request.form.get("as_of", "").strip())
    except ValueError:
        raise RuleViolation(
            "as_of 应为数据日期，如 2026-11-20。", {"as_of": "应为 YYYY-MM-DD"}
        ) from None
    job = queue_import(
        upload.stream,
        upload.filename,
        as_of,
        user,
        current_clock(),
        current_app.config["UPLOAD_DIR"],
    )
    db.session.commit()
    location = url_for("api.job_detail", job_id=job.id)
    return {"job": job.id, "state": job.state, "location": location}, 202, {"Location": location}
