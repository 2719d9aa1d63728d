"""撤回 (the school) and 作废 (an administrator) from the case page: a reason, then the case ends
(webapp/services/case_closing.py). What the user typed stays on the page when it is refused."""

from __future__ import annotations

from flask import flash, redirect, request, url_for
from flask_login import current_user, login_required

from webapp.clock import current_clock
from webapp.errors import DomainError, NotFound
from webapp.extensions import db
from webapp.instances import bp, case_page
from webapp.services import case_closing


def closing_context(instance, user) -> dict:
    """What the case page offers: withdraw or cancel (with why not, where it helps)."""
    withdraw_refusal = case_closing.why_not_withdraw(instance, user)
    own_running = (
        user.role == "school_staff"
        and user.org_id == instance.school_id
        and instance.status == "running"
        and instance.starter is not None
        and instance.starter.org_id == instance.school_id
    )
    return {
        "may_withdraw": withdraw_refusal is None,
        "withdraw_refusal": withdraw_refusal if own_running else None,
        "may_cancel": case_closing.why_not_cancel(instance, user) is None,
    }


def _end(action, instance_id: int, done: str):
    reason = request.form.get("reason", "")
    try:
        instance = action(instance_id, current_user, reason, current_clock())
    except DomainError as error:
        db.session.rollback()
        if isinstance(error, NotFound):
            raise
        return case_page(instance_id, reason, error.message, error.status)
    db.session.commit()
    flash(f"“{instance.title}”{done}。")
    return redirect(url_for("instances.detail", instance_id=instance.id))


@bp.post("/instances/<int:instance_id>/withdraw")
@login_required
def withdraw(instance_id: int):
    return _end(case_closing.withdraw, instance_id, "已撤回，相关待办已关闭")


@bp.post("/instances/<int:instance_id>/cancel")
@login_required
def cancel(instance_id: int):
    return _end(case_closing.cancel, instance_id, "已作废，相关待办已关闭，已签发的文件已标记作废")
