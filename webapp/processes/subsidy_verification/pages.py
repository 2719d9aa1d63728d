"""资助核查 pages: the rounds (the province opens one), a case's recipient list — upload, rows
and their flags, the school's answer to each — as a panel on the case and task pages."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import select

from webapp.clock import current_clock
from webapp.errors import DomainError
from webapp.extensions import db
from webapp.jobs import enqueue
from webapp.jobs.files import keep_file
from webapp.jobs.models import BackgroundJob
from webapp.models import ProcessInstance, User
from webapp.models.scope import acts_for_province, may_work_on
from webapp.services import instances

from . import jobs, recipients, rounds
from .models import SubsidyRecipient, SubsidyRound
from .rules import FLAGS, SUBSIDY_TYPES

bp = Blueprint("subsidy", __name__, template_folder="templates")
KEY = "subsidy_verification"


@bp.get("/")
@login_required
def index():
    if current_user.role == "expert":
        abort(404)
    return _index()


def _index(
    errors: dict | None = None, values: dict | None = None, status: int = 200, message: str = ""
):
    listed = db.session.scalars(select(SubsidyRound).order_by(SubsidyRound.id.desc())).all()
    html = render_template(
        "subsidy_verification/index.html",
        rounds=listed,
        can_open=acts_for_province(current_user),
        types=SUBSIDY_TYPES,
        errors=errors or {},
        values=values or {},
        message=message,
    )
    return html, status


@bp.post("/rounds")
@login_required
def open_round_page():
    if not acts_for_province(current_user):
        abort(404)
    values = {key: request.form.get(key, "") for key in ("term", "subsidy_type")}
    try:
        round_, cases = rounds.open_round(
            values["term"], values["subsidy_type"], current_user, current_clock()
        )
    except DomainError as error:
        db.session.rollback()
        return _index(error.fields, values, 422, error.message)
    db.session.commit()
    flash(f"已开启{round_.label}核查，为 {len(cases)} 所学校各发起一件。")
    return redirect(url_for("subsidy.index"))


def _open_step(instance: ProcessInstance, spec_id: str, user: User):
    return next(
        (
            item
            for item in instances.open_items(instance)
            if item.spec_id == spec_id and may_work_on(user, item)
        ),
        None,
    )


@bp.post("/cases/<int:instance_id>/recipients")
@login_required
def upload_list(instance_id: int):
    instance = instances.get_visible(instance_id, current_user)
    if instance.process_key != KEY or _open_step(instance, "submit_list", current_user) is None:
        abort(404)
    upload = request.files.get("file")
    try:
        if upload is None or not upload.filename:
            raise DomainError("请选择名单文件（.csv 或 .xlsx）。")
        path = keep_file(
            upload.stream, upload.filename, current_app.config["UPLOAD_DIR"], "subsidy"
        )
    except DomainError as error:
        flash(error.message, "error")
        return redirect(request.referrer or url_for("instances.detail", instance_id=instance_id))
    params = {"instance_id": instance.id, "path": str(path), "filename": upload.filename[:200]}
    enqueue(jobs.UPLOAD, params, current_clock(), user=current_user, school_id=instance.school_id)
    db.session.commit()
    flash("名单已上传，系统正在后台检查，请稍候刷新本页查看结果。")
    return redirect(request.referrer or url_for("instances.detail", instance_id=instance_id))


@bp.post("/cases/<int:instance_id>/rows/<int:row_id>")
@login_required
def answer_row(instance_id: int, row_id: int):
    instance = instances.get_visible(instance_id, current_user)
    row = db.session.get(SubsidyRecipient, row_id)
    if row is None or row.instance_id != instance.id:
        abort(404)
    if _open_step(instance, "answer_flags", current_user) is None:
        abort(404)
    action = request.form.get("action")
    explanation = (request.form.get("explanation") or "").strip()[:1000]
    if action == "remove":
        row.removed, row.explanation = True, explanation or "学校删除"
    elif action == "keep" and len(explanation) >= 5:
        row.removed, row.explanation = False, explanation
    else:
        flash(f"第 {row.line} 行：保留时请写明理由（至少 5 个字），或选择删除。", "error")
        return redirect(request.referrer or url_for("instances.detail", instance_id=instance_id))
    db.session.commit()
    flash(f"第 {row.line} 行{'已删除' if row.removed else '已保留并说明'}。")
    return redirect(request.referrer or url_for("instances.detail", instance_id=instance_id))


def case_panel(instance: ProcessInstance, user: User) -> dict:
    latest = db.session.scalar(
        select(BackgroundJob)
        .where(
            BackgroundJob.kind.in_((jobs.UPLOAD, jobs.CHECK)),
            BackgroundJob.params["instance_id"].as_integer() == instance.id,
        )
        .order_by(BackgroundJob.id.desc())
        .limit(1)
    )
    return {
        "summary": recipients.summary(instance.id),
        "rows": recipients.listed(instance.id),
        "latest": latest,
        "can_upload": _open_step(instance, "submit_list", user) is not None,
        "can_answer": _open_step(instance, "answer_flags", user) is not None,
        "flag_names": FLAGS,
        "case": instance,
    }
