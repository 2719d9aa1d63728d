"""Drafts of forms not yet sent: saved on demand and automatically, read back on the next visit.

A draft belongs to one user and one form (its slot). Nothing in it is checked: it is what was
typed, kept so that a reload, a closed tab or a lost connection loses nothing. Sending the form
deletes its drafts; a task that closes takes its drafts with it.
"""

from __future__ import annotations

import json

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from webapp.clock import Clock
from webapp.errors import RuleViolation
from webapp.extensions import db
from webapp.models import FormDraft, User

MAX_DRAFT_BYTES = 512 * 1024


def task_slot(item_id: int) -> str:
    return f"task:{item_id}"


def start_slot(process_key: str) -> str:
    return f"start:{process_key}"


def load(user: User, slot: str) -> FormDraft | None:
    return db.session.scalar(
        select(FormDraft).where(FormDraft.user_id == user.id, FormDraft.slot == slot)
    )


def save(user: User, slot: str, data: dict, clock: Clock) -> FormDraft:
    """Keep `data` as the user's draft of the form (replacing the one before)."""
    size = len(json.dumps(data, ensure_ascii=False).encode("utf-8"))
    if size > MAX_DRAFT_BYTES:
        raise RuleViolation(
            f"草稿过大（{size // 1024} KB，上限 {MAX_DRAFT_BYTES // 1024} KB），未保存；"
            "请精简内容或直接提交。"
        )
    draft = load(user, slot)
    if draft is None:
        try:
            with db.session.begin_nested():
                draft = FormDraft(user_id=user.id, slot=slot, data=data, saved_at=clock.now())
                db.session.add(draft)
            return draft
        except IntegrityError:  # an autosave from another tab got there first
            draft = load(user, slot)
    draft.data, draft.saved_at = data, clock.now()
    return draft


def discard(user: User, slot: str) -> None:
    db.session.execute(
        delete(FormDraft).where(FormDraft.user_id == user.id, FormDraft.slot == slot)
    )


def discard_all(slot: str) -> None:
    """Every user's draft of the form (the task was sent or closed)."""
    db.session.execute(delete(FormDraft).where(FormDraft.slot == slot))
