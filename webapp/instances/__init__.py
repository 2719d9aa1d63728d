"""Pages for starting processes, listing instances, and one instance with its diagram and files."""

from __future__ import annotations

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_login import current_user, login_required

from webapp.case_view import case_rows
from webapp.clock import current_clock
from webapp.errors import DomainError, NotAllowed, NotFound, RuleViolation
from webapp.extensions import db
from webapp.models.process import latest_definition
from webapp.services import attachments, case_pages, drafts, instances, process_hooks
from webapp.slots import render_panels
from webapp.taskforms import parse_submission

bp = Blueprint("instances", __name__)


@bp.get("/processes")
@login_required
def processes():
    definitions = instances.latest_processes(current_user)
    with_start_form = {d.key for d in definitions if instances.start_form(d.key) is not None}
    return render_template(
        "processes.html", definitions=definitions, with_start_form=with_start_form
    )


def _start_page(key: str, values: dict | None = None, error: RuleViolation | None = None):
    definition = latest_definition(key)
    form = instances.start_form(key) if definition else None
    if form is None:
        raise NotFound("流程不存在、尚未部署或发起时无需填写。")
    refusal = instances.why_not_start(key, current_user)
    if refusal:
        raise NotAllowed(refusal)
    school = current_user.org if current_user.org and current_user.org.kind == "school" else None
    draft = drafts.load(current_user, drafts.start_slot(key)) if values is None else None
    return render_template(
        "start.html",
        definition=definition,
        form=form,
        closed=instances.start_notice(key, school, current_clock()),
        values=values if values is not None else (draft.data if draft else {}),
        draft=draft,
        errors=error.fields if error else {},
        message=error.message if error else "",
        school=request.form.get("school", ""),
    ), (422 if error else 200)


@bp.get("/processes/<key>/start")
@login_required
def start_page(key: str):
    """The start form of a process that asks for data when it starts."""
    return _start_page(key)


@bp.post("/processes/<key>/start")
@login_required
def start(key: str):
    form = instances.start_form(key)
    data = parse_submission(form, request.form) if form else None
    try:
        instance = instances.start(
            key,
            current_user,
            current_clock(),
            school_code=request.form.get("school") or None,
            data=data,
        )
    except DomainError as error:
        db.session.rollback()
        if form is not None and isinstance(error, RuleViolation):
            return _start_page(key, data, error)  # what was entered stays on the page
        flash(error.message, "error")
        return redirect(url_for("instances.processes"))
    drafts.discard(current_user, drafts.start_slot(key))
    db.session.commit()
    mine = case_pages.first_task_for(instance, current_user)
    if mine is not None:
        return redirect(url_for("inbox.task", item_id=mine.id))
    flash(f"已发起“{instance.title}”。")
    return redirect(url_for("instances.detail", instance_id=instance.id))


def case_page(instance_id: int, reason: str = "", refusal: str = "", status: int = 422):
    """The case page; after a refused 撤回/作废, with the reason typed and why (`status`)."""
    view = case_pages.case_view(instance_id, current_user)
    page = render_template(
        "instance.html",
        instance=view.instance,
        open_items=view.open_items,
        history=view.history,
        files=view.files,
        rows=case_rows(
            view.instance.definition, process_hooks.visible_data(view.instance, current_user)
        ),
        panels=render_panels(view.instance, current_user, "case"),
        issued=view.documents,
        reason=reason,
        refusal=refusal,
        **closing_page.closing_context(view.instance, current_user),
    )
    return page, (status if refusal else 200)


@bp.get("/instances/<int:instance_id>")
@login_required
def detail(instance_id: int):
    return case_page(instance_id)


@bp.get("/files/<int:attachment_id>")
@login_required
def download(attachment_id: int):
    attachment, path = attachments.get_visible(
        attachment_id, current_user, current_app.config["UPLOAD_DIR"]
    )
    return send_file(
        path,
        mimetype=attachment.content_type,
        as_attachment=True,
        download_name=attachment.filename,
    )


from webapp.instances import (  # noqa: E402,F401
    case_list,
    closing_page,
    diagram_page,
    documents_page,
    start_drafts,
)
