"""Pages for starting processes, listing instances, and one instance with its diagram and files."""

from __future__ import annotations

from flask import (
    Blueprint,
    Response,
    abort,
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
from webapp.errors import DomainError, NotFound, RuleViolation
from webapp.extensions import db
from webapp.models.process import latest_definition
from webapp.request_args import page_arg
from webapp.services import attachments, case_pages, instances, process_hooks
from webapp.slots import render_panels
from webapp.taskforms import parse_submission

bp = Blueprint("instances", __name__)


@bp.get("/processes")
@login_required
def processes():
    definitions = instances.latest_processes()
    with_start_form = {d.key for d in definitions if instances.start_form(d.key) is not None}
    return render_template(
        "processes.html", definitions=definitions, with_start_form=with_start_form
    )


def _start_page(key: str, values: dict | None = None, error: RuleViolation | None = None):
    definition = latest_definition(key)
    form = instances.start_form(key) if definition else None
    if form is None:
        raise NotFound("流程不存在、尚未部署或发起时无需填写。")
    school = current_user.org if current_user.org and current_user.org.kind == "school" else None
    return render_template(
        "start.html",
        definition=definition,
        form=form,
        closed=instances.start_notice(key, school, current_clock()),
        values=values or {},
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
    db.session.commit()
    mine = case_pages.first_task_for(instance, current_user)
    if mine is not None:
        return redirect(url_for("inbox.task", item_id=mine.id))
    flash(f"已发起“{instance.title}”。")
    return redirect(url_for("instances.detail", instance_id=instance.id))


@bp.get("/instances")
@login_required
def listing():
    page = instances.my_instances(current_user, page_arg(), current_app.config["INBOX_PAGE_SIZE"])
    return render_template("instances.html", page=page, args=request.args)


@bp.get("/instances/<int:instance_id>")
@login_required
def detail(instance_id: int):
    view = case_pages.case_view(instance_id, current_user)
    return render_template(
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
    )


@bp.get("/instances/<int:instance_id>/diagram.svg")
@login_required
def diagram(instance_id: int):
    from webapp.diagram import DiagramError, render_svg

    instance, states = case_pages.diagram_states(instance_id, current_user, current_clock())
    try:
        svg = render_svg(instance.definition.bpmn_xml, states, instance.definition.key)
    except DiagramError:
        abort(404)
    return Response(
        svg,
        mimetype="image/svg+xml",
        headers={"Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'"},
    )


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


from webapp.instances import documents_page  # noqa: E402,F401
