"""Issuing documents: code, QR, PDF, stored file, row and audit event, in one call.

This module works at the level of a service (rows and audit events; it adds and flushes, the
caller commits); `rendering` below it knows nothing of the database.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import select
from stdnum.iso7064 import mod_11_2

from webapp import audit
from webapp.clock import Clock
from webapp.errors import Conflict
from webapp.extensions import db
from webapp.local_time import local_zone
from webapp.models import IssuedDocument, User
from webapp.processes.registry import current as installed_processes

from . import codes
from .qr import qr_data_uri

STORAGE_DIR = "documents"  # under UPLOAD_DIR, outside the web root
# Public columns must not carry a resident ID number or a mobile number. Candidates are checked
# as ID numbers (date and check character), so an all-digit credit code is not mistaken for one.
_ID_CANDIDATE = re.compile(r"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])")
_MOBILE = re.compile(r"(?<![0-9])1[3-9]\d{9}(?![0-9])")


class StoredDocumentDamaged(Exception):
    """The stored file is missing or no longer matches the hash taken when it was issued."""


def verification_url(base_url: str, code: str) -> str:
    """The public address printed (and QR-encoded) on the document."""
    if not base_url or "://" not in base_url:
        raise ValueError("签发文件需要站点的完整地址（BASE_URL，如 https://zz.example.edu.cn）")
    return f"{base_url.rstrip('/')}/verify/{code}"


def issue(
    kind: str,
    title: str,
    template: str,
    context: Mapping,
    *,
    instance_id: int | None,
    school_id: int | None,
    issuer: str,
    subject: str,
    clock: Clock,
    upload_dir: str,
    base_url: str,
    doc_number: str = "",
    actor: User | None = None,
) -> IssuedDocument:
    """Render `template` with `context` plus the issue facts (see `contexts`), keep the PDF and
    record it. `title`, `subject`, `issuer` and `doc_number` are shown on the public verify page,
    so they must hold no personal data (`models.document` explains); ID and phone numbers are
    refused outright."""
    if kind not in installed_processes().documents():
        raise ValueError(f"unknown document kind {kind!r}; declare it in its process's documents")
    _refuse_private(title=title, subject=subject, issuer=issuer, doc_number=doc_number)
    code, issued_at = _unused_code(), clock.now()
    facts = {"issuer": issuer, "doc_number": doc_number, "issued_at": issued_at, "title": title}
    pdf = _render(template, context, facts, code, base_url, local_zone())
    document = IssuedDocument(
        kind=kind,
        title=title,
        doc_number=doc_number,
        verification_code=code,
        instance_id=instance_id,
        school_id=school_id,
        issuer=issuer,
        subject=subject,
        issued_at=issued_at,
        sha256=hashlib.sha256(pdf).hexdigest(),
        storage_name=_store(pdf, upload_dir),
        size=len(pdf),
    )
    db.session.add(document)
    db.session.flush()
    audit.record(
        "document_issued",
        clock,
        actor,
        instance_id,
        subject=f"{document.kind_label}：{title}"[:100],
        after={"document_id": document.id, "kind": kind, "code": code, "sha256": document.sha256},
    )
    return document


def open_document(document: IssuedDocument, upload_dir: str) -> bytes:
    """The stored PDF, checked against the hash taken when it was issued."""
    path = _path(upload_dir, document.storage_name)
    try:
        body = path.read_bytes()
    except FileNotFoundError as error:
        raise StoredDocumentDamaged(f"document {document.id}: {path} is missing") from error
    if hashlib.sha256(body).hexdigest() != document.sha256:
        raise StoredDocumentDamaged(f"document {document.id}: {path} does not match its hash")
    return body


def revoke(document: IssuedDocument, clock: Clock, actor: User | None = None, reason: str = ""):
    """Mark the document void (作废): /verify then says so. The file and row stay."""
    if document.revoked:
        raise Conflict("该文件已作废。")
    document.revoked_at = clock.now()
    db.session.flush()
    audit.record(
        "document_revoked",
        clock,
        actor,
        document.instance_id,
        subject=f"{document.kind_label}：{document.title}"[:100],
        after={"document_id": document.id, "reason": reason},
    )


def _render(
    template: str, context: Mapping, facts: dict, code: str, base_url: str, zone: ZoneInfo
) -> bytes:
    """The PDF with the issue facts and the verification block filled in (they win over
    same-named keys in `context`, so the paper always matches the row)."""
    from .rendering import render_pdf  # WeasyPrint loads on first use (see the package docstring)

    url = verification_url(base_url, code)
    verification = {"code": code, "url": url, "qr": qr_data_uri(url)}
    issued_on = facts["issued_at"].astimezone(zone).date()
    folders = tuple(str(folder) for folder in installed_processes().template_folders())
    return render_pdf(
        template,
        {**context, **facts, "issued_on": issued_on, "verification": verification},
        base_url,
        folders=folders,
    )


def _refuse_private(**public_fields: str) -> None:
    for name, value in public_fields.items():
        ids = [c for c in _ID_CANDIDATE.findall(value or "") if _is_resident_id(c)]
        if ids or _MOBILE.search(value or ""):
            raise ValueError(f"{name} is shown on the public verify page: no ID or phone numbers")


def _is_resident_id(candidate: str) -> bool:
    """GB 11643 check character and birth date; any area code (new ones appear)."""
    try:
        date(int(candidate[6:10]), int(candidate[10:12]), int(candidate[12:14]))
    except ValueError:
        return False
    return mod_11_2.is_valid(candidate.upper())


def _unused_code() -> str:
    for _ in range(5):
        code = codes.new_code()
        taken = db.session.scalar(
            select(IssuedDocument.id).where(IssuedDocument.verification_code == code)
        )
        if taken is None:
            return code
    raise RuntimeError("could not draw an unused verification code")  # 60 bits: never happens


def _path(upload_dir: str, storage_name: str) -> Path:
    return Path(upload_dir) / STORAGE_DIR / storage_name


def _store(pdf: bytes, upload_dir: str) -> str:
    storage_name = f"{secrets.token_hex(16)}.pdf"
    path = _path(upload_dir, storage_name)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("xb") as file:  # never overwrite: a name is used once
        file.write(pdf)
    return storage_name
