"""Publishing a result for its 公示期 and taking objections to it."""

from __future__ import annotations

import re
from datetime import date
from typing import BinaryIO

from sqlalchemy import select

from webapp import audit
from webapp.clock import Clock
from webapp.errors import NotFound, RuleViolation
from webapp.extensions import db
from webapp.identifiers import is_phone
from webapp.local_time import local_date
from webapp.models import IssuedDocument, ProcessInstance
from webapp.services import evidence_files, instances
from webapp.settings_store import service as settings
from webapp.workdays.service import load_calendar

from .models import Objection, Publication

OBJECTION_PROCESS = "publicity_objection"
FOLDER = "objections"
MAX_FILES = 3
KINDS = {
    "inspection_result": "年检结果",
    "sanction_decision": "处理决定",
    "sanction_lifted": "解除处理决定",
}
EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]{1,190}\.[A-Za-z]{2,}$")


def period(day: date, days: int) -> tuple[date, date]:
    """The 公示期: from `day` (or the next working day) for `days` working days, both counted."""
    calendar = load_calendar()
    start = day if calendar.is_working_day(day) else calendar.add_working_days(day, 1)
    return start, calendar.add_working_days(start, days - 1)


def publish(
    instance: ProcessInstance,
    kind: str,
    title: str,
    summary: str,
    clock: Clock,
    document: IssuedDocument | None = None,
    publisher: str = "辽宁省教育厅",
) -> Publication:
    """Publish a final result of the case, once (the same case, kind and document again give
    the existing publication)."""
    if kind not in KINDS:
        raise ValueError(f"unknown publication kind {kind!r}")
    document_id = document.id if document is not None else None
    existing = db.session.scalar(
        select(Publication).where(
            Publication.instance_id == instance.id,
            Publication.kind == kind,
            Publication.document_id.is_(None)
            if document_id is None
            else Publication.document_id == document_id,
        )
    )
    if existing is not None:
        return existing
    starts_on, ends_on = period(local_date(clock.now()), int(settings.get("publicity.days")))
    publication = Publication(
        kind=kind, process_key=instance.process_key, instance_id=instance.id,
        school_id=instance.school_id, document_id=document_id, title=title[:300],
        summary=summary, publisher=publisher[:200], published_at=clock.now(),
        starts_on=starts_on, ends_on=ends_on,
    )  # fmt: skip
    db.session.add(publication)
    db.session.flush()
    audit.record(
        "published",
        clock,
        instance_id=instance.id,
        subject=f"publication:{publication.id}",
        after={"title": publication.title, "ends_on": ends_on.isoformat()},
    )
    return publication


def get(publication_id: int) -> Publication:
    publication = db.session.get(Publication, publication_id)
    if publication is None:
        raise NotFound("该公示不存在。")
    return publication


def open_for_objections(publication: Publication, today: date) -> bool:
    return publication.starts_on <= today <= publication.ends_on


def _checked(name: str, contact: str, text: str) -> dict[str, str]:
    problems = {}
    if not 2 <= len(name) <= 50:
        problems["name"] = "请填写姓名（2–50 个字）"
    compact = contact.replace(" ", "")
    if not (is_phone(compact) or EMAIL.match(compact)):
        problems["contact"] = (
            "请填写能联系到您的手机号（11 位）、固定电话（如 024-86900000）或电子邮箱"
        )
    if not 10 <= len(text) <= 2000:
        problems["text"] = "请写明异议的事实和理由（10–2000 个字）"
    return problems


def lodge(
    publication: Publication,
    name: str,
    contact: str,
    text: str,
    files: list[tuple[BinaryIO, str]],
    clock: Clock,
    upload_dir: str,
) -> Objection:
    """Record an objection within the 公示期 and open its case for the province."""
    today = local_date(clock.now())
    if not open_for_objections(publication, today):
        raise RuleViolation(
            f"该公示的公示期为 {publication.starts_on} 至 {publication.ends_on}，当前不受理异议。"
        )
    name, contact, text = name.strip(), contact.strip(), text.strip()
    problems = _checked(name, contact, text)
    if problems:
        raise RuleViolation("异议未提交，请按提示修改。", problems)
    evidence = evidence_files.keep(files, FOLDER, upload_dir, MAX_FILES)
    objection = Objection(
        publication_id=publication.id, name=name, contact=contact.replace(" ", ""), text=text,
        evidence=evidence, lodged_at=clock.now(),
    )  # fmt: skip
    db.session.add(objection)
    db.session.flush()
    case = instances.start_by_system(
        OBJECTION_PROCESS,
        None,
        clock,
        {
            "objection_id": objection.id,
            "publication_title": publication.title,
            "objection_days": settings.get("publicity.objection_days"),
        },
    )
    objection.instance_id = case.id
    audit.record(
        "objection_lodged",
        clock,
        instance_id=case.id,
        subject=f"objection:{objection.id}",
        after={"publication": publication.id, "files": len(evidence)},
    )
    return objection
