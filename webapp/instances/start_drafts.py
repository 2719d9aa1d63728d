"""Saving a start form's draft (the 保存草稿 button and the page's autosave), as a task form's."""

from __future__ import annotations

from flask import request, url_for
from flask_login import current_user, login_required

from webapp import draft_replies
from webapp.clock import current_clock
from webapp.errors import DomainError, NotAllowed, NotFound
from webapp.extensions import db
from webapp.instances import bp
from webapp.services import drafts, instances
from webapp.taskforms import parse_submission


@bp.post("/processes/<key>/start/draft")
@login_required
def save_start_draft(key: str):
    try:
        form = instances.start_form(key)
        if form is None:
            raise NotFound("流程不存在、尚未部署或发起时无需填写。")
        refusal = instances.why_not_start(key, current_user)
        if refusal:
            raise NotAllowed(refusal)
        data = parse_submission(form, request.form)
        draft = drafts.save(current_user, drafts.start_slot(key), data, current_clock())
    except DomainError as error:
        return draft_replies.refused(error, url_for("instances.processes"))
    db.session.commit()
    return draft_replies.saved(draft, url_for("instances.start_page", key=key))


@bp.post("/processes/<key>/start/draft/discard")
@login_required
def discard_start_draft(key: str):
    drafts.discard(current_user, drafts.start_slot(key))
    db.session.commit()
    return draft_replies.discarded(url_for("instances.start_page", key=key))
