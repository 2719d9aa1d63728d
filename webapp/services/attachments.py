"""Uploads: checked, stored outside the web root, linked to an instance, served only in scope."""

from __future__ import annotations

import hashlib
import mimetypes
import secrets
from pathlib import Path
from typing import BinaryIO

from sqlalchemy import delete, select

from webapp.clock import Clock
from webapp.errors import NotFound, RuleViolation
from webapp.extensions import db
from webapp.models import Attachment, ProcessInstance, User, WorkItem
from webapp.models.scope import visible_instances
from webapp.services import stored_files
from webapp.taskforms import FieldDef, check_upload

DEFAULT_MAX_BYTES = 10 * 1024 * 1024


def _storage_path(upload_dir: str, storage_name: str) -> Path:
    return Path(upload_dir) / storage_name[:2] / storage_name


def store(
    stream: BinaryIO, filename: str, field: FieldDef, user: User, clock: Clock, upload_dir: str
) -> Attachment:
    """Check and keep one upload; it belongs to nobody until a completed task links it.
    The file is written once its row is flushed, and removed again if the transaction rolls back
    (call this only after the request is known to be allowed)."""
    limit = field.max_bytes or DEFAULT_MAX_BYTES
    body = stream.read(limit + 1)
    problem = check_upload(field, filename, len(body), body[:16])
    if problem:
        raise RuleViolation(problem, {field.name: problem})
    storage_name = secrets.token_hex(16)
    safe_name = Path(filename.replace("\\", "/")).name[:200] or "file"
    attachment = Attachment(
        field=field.name,
        filename=safe_name,
        content_type=mimetypes.guess_type(safe_name)[0] or "application/octet-stream",
        size=len(body),
        sha256=hashlib.sha256(body).hexdigest(),
        storage_name=storage_name,
        uploaded_by_id=user.id,
        uploaded_at=clock.now(),
    )
    db.session.add(attachment)
    db.session.flush()
    stored_files.write(
        db.session, _storage_path(upload_dir, storage_name), body, attachment.uploaded_at
    )
    return attachment


def _referenced_ids(value) -> list[int]:
    if isinstance(value, dict):
        if "attachment_id" in value:
            return [int(value["attachment_id"])]
        return [i for v in value.values() for i in _referenced_ids(v)]
    if isinstance(value, list):
        return [i for v in value for i in _referenced_ids(v)]
    return []


def link(data: dict, item: WorkItem, user: User) -> None:
    """Attach the files a submission names; a user may only name their own uploads or the case's."""
    for attachment_id in _referenced_ids(data):
        attachment = db.session.get(Attachment, attachment_id)
        own = attachment is not None and attachment.uploaded_by_id == user.id
        same_case = attachment is not None and attachment.instance_id == item.instance_id
        if not (own and attachment.instance_id in (None, item.instance_id)) and not same_case:
            raise RuleViolation("提交中引用的附件不存在或不属于您，请重新上传。")
        if attachment.instance_id is None:
            attachment.instance_id = item.instance_id
            attachment.work_item_id = item.id


def discard_unlinked(attachment: Attachment, upload_dir: str) -> bool:
    """Delete an upload no case has taken; its file goes when the transaction commits. The
    DELETE itself checks it is still unlinked, so one a task links meanwhile is kept."""
    deleted = db.session.execute(
        delete(Attachment)
        .where(Attachment.id == attachment.id, Attachment.instance_id.is_(None))
        .execution_options(synchronize_session=False)
    )
    if deleted.rowcount != 1:
        return False
    stored_files.remove_on_commit(db.session, _storage_path(upload_dir, attachment.storage_name))
    db.session.expunge(attachment)
    return True


def get_visible(attachment_id: int, user: User, upload_dir: str) -> tuple[Attachment, Path]:
    """The file if its instance is visible to the user (or it is the user's own unlinked upload)."""
    attachment = db.session.get(Attachment, attachment_id)
    if attachment is None:
        raise NotFound("文件不存在或您无权下载。")
    if attachment.instance_id is None:
        allowed = attachment.uploaded_by_id == user.id
    else:
        allowed = (
            db.session.scalar(
                visible_instances(user).where(ProcessInstance.id == attachment.instance_id)
            )
            is not None
        )
    if not allowed:
        raise NotFound("文件不存在或您无权下载。")
    return attachment, _storage_path(upload_dir, attachment.storage_name)


def for_instance(instance_id: int) -> list[Attachment]:
    return list(
        db.session.scalars(
            select(Attachment).where(Attachment.instance_id == instance_id).order_by(Attachment.id)
        )
    )
