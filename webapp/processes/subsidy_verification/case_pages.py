"""A case's recipient list on its pages: upload a file or fill rows in, the rows with their
flags (filtered, a page at a time), and the school's answers — a row at a time or a selection
at once, with a reason and a file of evidence."""

from __future__ import annotations

from flask import (
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user, login_required
from sqlalchemy import select

from webapp.clock import current_clock
from webapp.errors import DomainError
from webapp.extensions import db
from webapp.jobs import enqueue
from webapp.jobs.files import keep_file
from webapp.jobs.models import BackgroundJob
from webapp.models import ProcessInstance, User, WorkItem
from webapp.models.paging import Page
from webapp.request_args import page_arg
from webapp.services import instances

from . import answers, entry, jobs, recipients
from .pages import KEY, bp
from .rules import FLAGS
from .steps import LIST_STEPS, open_step

PAGE_SIZE = 100
DRAFT = "subsidy_answer_draft"


def _case_for_school(
    instance_id: int, spec_ids: tuple[str, ...]
) -> tuple[ProcessInstance, WorkItem]:
    instance = instances.get_visible(instance_id, current_user)
    item = open_step(instance, spec_ids, current_user) if instance.process_key == KEY else None
    if item is None:
        abort(404)
    return instance, item


def _back(instance_id: int):
    return redirect(request.referrer or url_for("instances.detail", instance_id=instance_id))


@bp.post("/cases/<int:instance_id>/recipients")
@login_required
def upload_list(instance_id: int):
    instance, _item = _case_for_school(instance_id, ("submit_list",))
    upload = request.files.get("file")
    try:
        if upload is None or not upload.filename:
            raise DomainError("请选择名单文件（.csv 或 .xlsx）。")
        path = keep_file(
            upload.stream, upload.filename, current_app.config["UPLOAD_DIR"], "subsidy"
        )
    except DomainError as error:
        flash(error.message, "error")
        return _back(instance_id)
    params = {"instance_id": instance.id, "path": str(path), "filename": upload.filename[:200]}
    enqueue(jobs.UPLOAD, params, current_clock(), user=current_user, school_id=instance.school_id)
    db.session.commit()
    flash("名单已上传，系统正在后台检查，请稍候刷新本页查看结果。")
    return _back(instance_id)


def _posted_lines() -> list[int]:
    lines = []
    for value in request.form.getlist("lines")[: answers.MAX_ANSWERS + 1]:
        try:
            lines.append(int(value))
        except ValueError:
            continue
    return lines


@bp.post("/cases/<int:instance_id>/answers")
@login_required
def answer_rows(instance_id: int):
    """Remove the chosen rows, or keep them with a reason (and a file of evidence)."""
    instance, item = _case_for_school(instance_id, LIST_STEPS)
    lines = _posted_lines()
    action = request.form.get("action", "")
    explanation = (request.form.get("explanation") or "").strip()[: answers.MAX_REASON]
    upload = request.files.get("evidence")
    evidence = None
    if upload is not None and upload.filename and action == "keep":
        evidence = (upload.stream, upload.filename, current_app.config["UPLOAD_DIR"])
    if jobs.pending(instance.id):
        flash("名单正在后台处理，请稍候刷新本页后再处理疑点。", "error")
        return _back(instance_id)
    chosen = [answers.Answer(line, action, explanation) for line in lines]
    try:
        changed = answers.apply(instance, item, chosen, current_user, current_clock(), evidence)
    except DomainError as error:
        db.session.rollback()
        session[DRAFT] = {
            "case": instance.id,
            "lines": lines[:200],
            "explanation": explanation,
            "action": action,
            "source": "bulk" if request.form.get("source") == "bulk" else "row",
        }
        again = "（佐证材料请重新选择）" if evidence else ""
        flash(error.message + again, "error")
        return _back(instance_id)
    db.session.commit()
    session.pop(DRAFT, None)
    what = "删除" if action == "remove" else "保留并说明"
    shown = "、".join(str(row.line) for row in changed[:10])
    more = f"等 {len(changed)} 行" if len(changed) > 10 else ""
    flash(f"第 {shown} 行{more}已{what}。")
    return _back(instance_id)


@bp.route("/cases/<int:instance_id>/rows/new", methods=["GET", "POST"])
@login_required
def add_rows(instance_id: int):
    """Fill rows in on the page (a small list, or a few rows missing from the file)."""
    instance, _item = _case_for_school(instance_id, ("submit_list",))
    subsidy_type = instance.data["subsidy_type"]
    filled: list[dict] = []
    problems: dict[tuple[int, str], str] = {}
    messages: list[str] = []
    status = 200
    if request.method == "POST":
        filled = entry.posted_rows(request.form)
        if jobs.pending(instance.id):
            messages = ["名单正在后台处理（如刚上传的文件），请稍候再添加，已填写的内容仍在下方。"]
        else:
            try:
                added = entry.append(instance, filled)
            except entry.EntryRefused as refused:
                messages, problems = refused.messages, refused.cells
            else:
                jobs.queue_checks(instance, current_clock())
                db.session.commit()
                flash(f"已添加 {added} 行，系统正在后台比对，请稍候刷新查看疑点。")
                return redirect(url_for("instances.detail", instance_id=instance.id))
        status = 422
    html = render_template(
        "subsidy_verification/add_rows.html",
        case=instance,
        subsidy_type=subsidy_type,
        columns=entry.FORM_COLUMNS,
        rows=entry.padded(filled),
        problems=problems,
        messages=messages,
    )
    return html, status


def _listing_filter() -> recipients.RowFilter:
    flag = request.args.get("flag") or None
    view = request.args.get("rows", "")
    return recipients.RowFilter(
        flag=flag if flag in FLAGS else None,
        flagged=view == "flagged",
        unanswered=view == "unanswered",
    )


def _latest_job(instance: ProcessInstance) -> BackgroundJob | None:
    return db.session.scalar(
        select(BackgroundJob)
        .where(
            BackgroundJob.kind.in_((jobs.UPLOAD, jobs.CHECK)),
            BackgroundJob.params["instance_id"].as_integer() == instance.id,
        )
        .order_by(BackgroundJob.id.desc())
        .limit(1)
    )


def case_panel(instance: ProcessInstance, user: User) -> dict:
    from . import referrals

    try:
        number = page_arg()
    except DomainError:
        number = 1
    rows, total = recipients.listed(
        instance.id, _listing_filter(), (number - 1) * PAGE_SIZE, PAGE_SIZE
    )
    draft = session.get(DRAFT) or {}
    if draft.get("case") == instance.id:
        session.pop(DRAFT)  # shown once, with the message that goes with it
    return {
        "summary": recipients.summary(instance.id),
        "rows": rows,
        "page": Page(rows, total, number, PAGE_SIZE),
        "args": request.args,
        "latest": _latest_job(instance),
        "can_upload": open_step(instance, ("submit_list",), user) is not None,
        "can_answer": open_step(instance, LIST_STEPS, user) is not None,
        "flag_names": FLAGS,
        "case": instance,
        "draft": draft if draft.get("case") == instance.id else {},
        "referrals": referrals.of_case(instance, user),
    }
