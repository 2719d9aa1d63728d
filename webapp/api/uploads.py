"""Uploading a file for a task's file field; the task's submission then names it."""

from __future__ import annotations

from flask import current_app, request

from webapp.api import bp
from webapp.api.common import api_user, token_required
from webapp.clock import current_clock
from webapp.errors import RuleViolation
from webapp.extensions import db
from webapp.services import tasks


@bp.post("/tasks/<int:item_id>/attachments")
@token_required
def upload_attachment(item_id: int):
    field = request.form.get("field", "")
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        raise RuleViolation("请以 multipart/form-data 上传文件（字段 file）。", {"file": "必填"})
    stored = tasks.upload(
        item_id,
        api_user(),
        field,
        upload.stream,
        upload.filename,
        current_clock(),
        current_app.config["FORMS_DIR"],
        current_app.config["UPLOAD_DIR"],
    )
    db.session.commit()
    reference = {"attachment_id": stored.id, "filename": stored.filename}
    return {**reference, "field": stored.field, "size": stored.size}, 201
