"""The school records a guardian's signed paper reply, with its scan, on the case page."""

from __future__ import annotations

from flask import current_app, flash, redirect, request, url_for
from flask_login import current_user, login_required

from webapp.consent import bp
from webapp.errors import DomainError
from webapp.extensions import db
from webapp.services import attachments, consents, tasks


def _clock():
    return current_app.extensions["clock"]


@bp.post("/consents/<int:item_id>/paper")
@login_required
def paper_reply(item_id: int):
    item = tasks.get_visible(item_id, current_user)
    back = redirect(url_for("instances.detail", instance_id=item.instance_id))
    scan_field = tasks.form_for(item, current_app.config["FORMS_DIR"]).field("consent_scan")
    upload = request.files.get("consent_scan")
    try:
        scan = None
        if upload is not None and upload.filename:
            stored = attachments.store(
                upload.stream,
                upload.filename,
                scan_field,
                current_user,
                _clock(),
                current_app.config["UPLOAD_DIR"],
            )
            stored.instance_id, stored.work_item_id = item.instance_id, item.id
            scan = {"attachment_id": stored.id, "filename": stored.filename}
        consents.record_paper(
            item_id,
            current_user,
            request.form.get("consent", ""),
            request.form.get("consent_note", ""),
            scan,
            _clock(),
        )
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "error")
        return back
    db.session.commit()
    flash("已录入纸质回执。")
    return back
