"""Saving and discarding a task form's draft: the 保存草稿 button (a normal POST, files too) and
the page's autosave (fetch, answered with JSON)."""

from __future__ import annotations

from flask import current_app, url_for
from flask_login import current_user, login_required

from webapp import draft_replies
from webapp.clock import current_clock
from webapp.errors import DomainError
from webapp.extensions import db
from webapp.inbox import bp
from webapp.inbox.task_page import read_submission
from webapp.services import case_pages, drafts


@bp.post("/tasks/<int:item_id>/draft")
@login_required
def save_draft(item_id: int):
    back = url_for("inbox.task", item_id=item_id)
    try:
        _item, form = case_pages.submission_form(
            item_id, current_user, current_app.config["FORMS_DIR"]
        )
        data, refused = read_submission(item_id, form)
        draft = drafts.save(current_user, drafts.task_slot(item_id), data, current_clock())
    except DomainError as error:
        return draft_replies.refused(error, back)
    db.session.commit()
    return draft_replies.saved(draft, back, refused)


@bp.post("/tasks/<int:item_id>/draft/discard")
@login_required
def discard_draft(item_id: int):
    drafts.discard(current_user, drafts.task_slot(item_id))
    db.session.commit()
    return draft_replies.discarded(url_for("inbox.task", item_id=item_id))
