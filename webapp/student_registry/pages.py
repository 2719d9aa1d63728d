"""学籍 administration page: what the registry holds, uploading an export (imported by a
background job, with its progress shown here) and the recent imports."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from webapp.admin import admin_required
from webapp.clock import current_clock
from webapp.errors import DomainError
from webapp.extensions import db
from webapp.jobs.models import BackgroundJob
from webapp.local_time import local_date

from . import jobs, queries
from .models import STAGES
from .uploads import queue_import

bp = Blueprint("student_registry", __name__, template_folder="templates")
RECENT = 10


def _page(errors: dict | None = None, as_of: str = "", status: int = 200):
    recent = db.session.scalars(
        select(BackgroundJob)
        .where(BackgroundJob.kind == jobs.KIND)
        .order_by(BackgroundJob.id.desc())
        .limit(RECENT)
    ).all()
    html = render_template(
        "student_registry/registry.html",
        stages=queries.counts_by_stage(),
        schools=queries.counts_by_school(20),
        recent=recent,
        errors=errors or {},
        as_of=as_of or local_date(current_clock().now()).isoformat(),
        all_stages=STAGES,
        # The page's form is read before the view runs (CSRF), so the site-wide request limit
        # holds here; larger exports go through the command line or the API.
        max_mb=current_app.config["MAX_CONTENT_LENGTH"] // (1024 * 1024),
    )
    return html, status


@bp.get("/admin/registry")
@admin_required
def registry_page():
    return _page()


def _as_of(text: str) -> date | None:
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


@bp.post("/admin/registry/import")
@admin_required
def registry_import():
    as_of_text = (request.form.get("as_of") or "").strip()
    as_of = _as_of(as_of_text)
    upload = request.files.get("file")
    errors = {}
    if as_of is None:
        errors["as_of"] = "请填写数据日期，如 2026-11-20"
    if upload is None or not upload.filename:
        errors["file"] = "请选择学籍导出文件（.csv 或 .xlsx）"
    if errors:
        return _page(errors, as_of_text, 422)
    try:
        job = queue_import(
            upload.stream,
            upload.filename,
            as_of,
            current_user,
            current_clock(),
            current_app.config["UPLOAD_DIR"],
        )
    except DomainError as error:
        db.session.rollback()
        return _page(error.fields or {"file": error.message}, as_of_text, 422)
    db.session.commit()
    flash(f"已上传“{upload.filename}”，系统正在后台导入（任务 {job.id}），进度见下方。")
    return redirect(url_for("student_registry.registry_page"))
