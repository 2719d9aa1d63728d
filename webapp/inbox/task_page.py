"""The task page: the case so far, the task's form, and claim / unclaim / delegate / submit."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from webapp.case_view import case_rows
from webapp.clock import current_clock
from webapp.errors import Conflict, DomainError, RuleViolation
from webapp.extensions import db
from webapp.inbox import bp
from webapp.services import case_pages, drafts, process_hooks, tasks
from webapp.slots import render_panels
from webapp.taskforms import FormDef, parse_submission, put_attachment, rows_from_xlsx
from webapp.taskforms.excel_rows import MAX_XLSX_BYTES


def _page(
    item_id: int,
    values: dict | None = None,
    errors: dict | None = None,
    message: str = "",
    status: int = 200,
):
    view = case_pages.task_view(item_id, current_user, current_app.config["FORMS_DIR"])
    draft = None
    if values is None and view.can_act and view.item.status == "open":
        draft = drafts.load(current_user, drafts.task_slot(item_id))
    if values is None:
        values = draft.data if draft else _prefill(view.form, view.item)
    html = render_template(
        "task.html",
        item=view.item,
        form=view.form,
        values=values,
        draft=draft,
        errors=errors or {},
        message=message,
        can_act=view.can_act,
        history=view.history,
        panels=render_panels(view.item.instance, current_user, "task"),
        rows=case_rows(
            view.item.instance.definition,
            process_hooks.visible_data(view.item.instance, current_user),
        ),
        files=view.files,
    )
    return html, status


def _prefill(form: FormDef, item) -> dict:
    """Forms marked ui.prefill (e.g. an application returned for correction) start from the
    case's current values, so the user corrects rather than re-types."""
    if not form.ui.get("prefill"):
        return {}
    data = item.instance.data or {}
    return {field.name: data[field.name] for field in form.fields() if field.name in data}


@bp.get("/tasks/<int:item_id>")
@login_required
def task(item_id: int):
    return _page(item_id)


def read_submission(item_id: int, form: FormDef) -> tuple[dict, dict]:
    """Typed data from the posted fields with new uploads stored; and the uploads refused."""
    data = parse_submission(form, request.form)
    refused = {}
    for field in form.fields():
        uploads = request.files.getlist(field.name) if field.widget == "file" else []
        for upload in uploads:
            if not upload.filename:
                continue
            try:
                stored = tasks.upload(
                    item_id,
                    current_user,
                    field.name,
                    upload.stream,
                    upload.filename,
                    current_clock(),
                    current_app.config["FORMS_DIR"],
                    current_app.config["UPLOAD_DIR"],
                )
            except RuleViolation as error:
                refused.update(error.fields)
                continue
            put_attachment(form, data, field.name, stored.id, stored.filename)
    for field in form.fields():
        sheet = request.files.get(f"{field.name}__xlsx") if field.excel_import else None
        if sheet is not None and sheet.filename:
            rows, problems = rows_from_xlsx(field, sheet.stream.read(MAX_XLSX_BYTES + 1))
            if problems:
                refused[field.name] = "；".join(problems[:5])
            else:
                data[field.name] = rows
    # Uploads are kept even if the submission fails below, so the user never uploads twice.
    db.session.commit()
    return data, refused


@bp.post("/tasks/<int:item_id>")
@login_required
def submit(item_id: int):
    try:
        item, form = case_pages.submission_form(
            item_id, current_user, current_app.config["FORMS_DIR"]
        )
    except Conflict as error:
        return _page(item_id, message=error.message, status=error.status)
    try:
        data, refused = read_submission(item_id, form)
    except DomainError as error:
        db.session.rollback()
        return _page(item_id, message=error.message, status=error.status)
    if refused:
        return _page(item_id, data, refused, "上传的文件不符合要求，请按提示修改。", 422)
    try:
        tasks.complete(
            item_id, current_user, data, current_clock(), current_app.config["FORMS_DIR"]
        )
    except RuleViolation as error:
        db.session.rollback()
        return _page(item_id, data, error.fields, error.message, 422)
    except DomainError as error:
        db.session.rollback()
        return _page(item_id, data, {}, error.message, error.status)
    drafts.discard_all(drafts.task_slot(item_id))
    db.session.commit()
    flash(f"“{item.name}”已提交。")
    return redirect(url_for("inbox.todo"))


def _action(item_id: int, do, done_message: str):
    try:
        do()
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "error")
        return redirect(url_for("inbox.task", item_id=item_id))
    db.session.commit()
    flash(done_message)
    return redirect(url_for("inbox.task", item_id=item_id))


@bp.post("/tasks/<int:item_id>/claim")
@login_required
def claim(item_id: int):
    return _action(
        item_id,
        lambda: tasks.claim(item_id, current_user, current_clock()),
        "已认领，该任务只由您办理。",
    )


@bp.post("/tasks/<int:item_id>/unclaim")
@login_required
def unclaim(item_id: int):
    return _action(
        item_id,
        lambda: tasks.unclaim(item_id, current_user, current_clock()),
        "已放弃认领，任务回到公共待办。",
    )


@bp.post("/tasks/<int:item_id>/delegate")
@login_required
def delegate(item_id: int):
    username = request.form.get("username", "").strip()
    return _action(
        item_id,
        lambda: tasks.delegate(item_id, current_user, username, current_clock()),
        f"已转办给 {username}。",
    )
