"""The 失败任务 page: what the scheduler could not fire and cases that stopped at an element,
each with its error and a retry button."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from webapp.admin import admin_required, bp
from webapp.clock import current_clock
from webapp.errors import DomainError, RuleViolation
from webapp.extensions import db
from webapp.services import failed_jobs, incidents


@bp.get("/failed-jobs")
@admin_required
def failed_jobs_page():
    return render_template(
        "admin/failed_jobs.html", rows=failed_jobs.failing(), incidents=incidents.open_incidents()
    )


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


@bp.post("/incidents/<int:instance_id>/retry")
@admin_required
def retry_incident(instance_id: int):
    try:
        incidents.retry(instance_id, current_user, current_clock(), _fix(request.form))
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "error")
        return redirect(url_for("admin.failed_jobs_page"))
    db.session.commit()
    flash(f"流程 {instance_id} 已重试，出错的环节已继续执行。")
    return redirect(url_for("admin.failed_jobs_page"))


def _fix(form) -> dict:
    """The administrator's data fix: a JSON object, or nothing."""
    text = (form.get("data") or "").strip()
    if not text:
        return {}
    try:
        data = current_app.json.loads(text)  # refuses NaN and nesting too deep, as for the API
    except ValueError:
        data = None
    except DomainError as error:
        raise RuleViolation(f"修正数据有误：{error.message}") from None
    if not isinstance(data, dict):
        raise RuleViolation('修正数据应为 JSON 对象，例如 {"reviewers": ["张三", "李四"]}。')
    return data
