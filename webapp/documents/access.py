"""Who may see what of an issued document: anyone its public facts by code, users in scope its file."""

from __future__ import annotations

from webapp.errors import NotFound
from webapp.extensions import db
from webapp.models import IssuedDocument, ProcessInstance, User
from webapp.models.document import by_verification_code
from webapp.models.scope import covers, visible_instances

from . import codes


def find_by_code(text: str) -> IssuedDocument | None:
    """The document a (typed or scanned) verification code names, if any."""
    code = codes.normalise(text)
    if code is None:
        return None
    return db.session.scalar(by_verification_code(code))


def get_visible(document_id: int, user: User) -> IssuedDocument:
    """The document if the user may see its case (or, without a case, its school); else NotFound,
    so that a document outside one's scope is indistinguishable from one that does not exist."""
    document = db.session.get(IssuedDocument, document_id)
    if document is None or not _may_see(user, document):
        raise NotFound("文件不存在或您无权下载。")
    return document


def _may_see(user: User, document: IssuedDocument) -> bool:
    if document.instance_id is not None:
        visible = visible_instances(user).where(ProcessInstance.id == document.instance_id)
        return db.session.scalar(visible) is not None
    school = document.school
    if school is None:
        return covers(user, None, None)
    return covers(user, school.id, school.city_id)
