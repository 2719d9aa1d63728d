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
from webapp.models.scope import may_act, visible_instances
from webapp.models.work_item import IS_OPEN
from webapp.services import stored_files
from webapp.taskforms import FieldDef, FormDef, check_upload, file_reference, file_values

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


def _may_reference(attachment: Attachment | None, field: str, item: WorkItem, user: User) -> bool:
    """A submission may name the user's own upload made for this task and field, or a file
    already in this case under the same field of the same task (kept from an earlier round,
    e.g. an application returned for correction)."""
    if attachment is None or attachment.field != field:
        return False
    if attachment.instance_id is None:
        return attachment.uploaded_by_id == user.id and attachment.work_item_id == item.id
    earlier = db.session.get(WorkItem, attachment.work_item_id) if attachment.work_item_id else None
    return (
        attachment.instance_id == item.instance_id
        and earlier is not None
        and earlier.form_key == item.form_key
    )


def link(form: FormDef, data: dict, item: WorkItem, user: User) -> None:
    """Attach the files the submission's file fields name, with their stored names; a reference
    the user may not make is refused with the field named."""
    chosen: list[Attachment] = []
    refused = {}
    for field in form.fields():
        if field.widget != "file" or not data.get(field.name):
            continue
        values = file_values(field, data[field.name]) or []
        found = [db.session.get(Attachment, file_reference(value)) for value in values]
        if not all(_may_reference(a, field.name, item, user) for a in found):
            refused[field.name] = (
                f"“{field.label}”引用的文件不存在或不是您为本任务上传的，请重新上传"
            )
            continue
        named = [{"attachment_id": a.id, "filename": a.filename} for a in found]
        data[field.name] = named if field.multiple else named[0]
        chosen += found
    if refused:
        raise RuleViolation("提交中引用的附件不存在或不属于您，请重新上传。", refused)
    for attachment in chosen:
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
        ) or _candidate_of_open_item(user, attachment.instance_id)
    if not allowed:
        raise NotFound("文件不存在或您无权下载。")
    return attachment, _storage_path(upload_dir, attachment.storage_name)


def _candidate_of_open_item(user: User, instance_id: int) -> bool:
    """Whether the user may act on an open step of the case: they must see the files it asks
    them to judge even when the case is another organisation's (a transfer's receiving school
    and city, whose steps are theirs by schoolFrom)."""
    items = db.session.scalars(select(WorkItem).where(WorkItem.instance_id == instance_id, IS_OPEN))
    return any(may_act(user, item) for item in items)


def for_instance(instance_id: int) -> list[Attachment]:
    return list(
        db.session.scalars(
            select(Attachment).where(Attachment.instance_id == instance_id).order_by(Attachment.id)
        )
    )
