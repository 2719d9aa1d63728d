"""The 失败任务 page: what the scheduler could not fire, with the error and a retry button."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_login import current_user

from webapp.admin import admin_required, bp
from webapp.clock import current_clock
from webapp.errors import DomainError
from webapp.extensions import db
from webapp.services import failed_jobs


@bp.get("/failed-jobs")
@admin_required
def failed_jobs_page():
    return render_template("admin/failed_jobs.html", rows=failed_jobs.failing())


@bp.post("/failed-jobs/<int:deadline_id>/retry")
@admin_required
def retry_failed_job(deadline_id: int):
    try:
        row = failed_jobs.retry(deadline_id, current_user, current_clock())
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "error")
        return redirect(url_for("admin.failed_jobs_page"))
    db.session.commit()
    flash(f"已重新排队：{row.label}（流程 {row.instance_id}），调度器下次巡检时执行。")
    return redirect(url_for("admin.failed_jobs_page"))
