"""The school records a guardian's signed paper reply, with its scan, on the case page."""

from __future__ import annotations

from flask import current_app, flash, redirect, request, url_for
from flask_login import current_user, login_required

from webapp.clock import current_clock
from webapp.errors import DomainError
from webapp.extensions import db
from webapp.models import WorkItem
from webapp.processes.internship_approval import consents
from webapp.processes.internship_approval.consent_pages import bp
from webapp.services import attachments, tasks


def _store_scan(item: WorkItem) -> dict | None:
    """The posted scan, kept with the case (removed again if the reply is not recorded)."""
    upload = request.files.get("consent_scan")
    if upload is None or not upload.filename:
        return None
    field = tasks.form_for(item, current_app.config["FORMS_DIR"]).field("consent_scan")
    stored = attachments.store(
        upload.stream,
        upload.filename,
        field,
        current_user,
        current_clock(),
        current_app.config["UPLOAD_DIR"],
    )
    stored.instance_id, stored.work_item_id = item.instance_id, item.id
    return {"attachment_id": stored.id, "filename": stored.filename}


@bp.post("/consents/<int:item_id>/paper")
@login_required
def paper_reply(item_id: int):
    item = tasks.get_visible(item_id, current_user)
    back = redirect(url_for("instances.detail", instance_id=item.instance_id))
    answer = request.form.get("consent", "")
    try:
        consents.check_paper_reply(
            item_id, current_user, answer, current_clock()
        )  # before any write
        consents.record_paper(
            item_id,
            current_user,
            answer,
            request.form.get("consent_note", ""),
            _store_scan(item),
            current_clock(),
        )
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "error")
        return back
    db.session.commit()
    flash("已录入纸质回执。")
    return back
