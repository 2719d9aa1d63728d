"""Issuing a document for a case: the site's upload folder and address, the case's school."""

from __future__ import annotations

from flask import current_app

from webapp.clock import Clock
from webapp.documents import issue
from webapp.models import IssuedDocument, ProcessInstance
from webapp.processes.registry import current as installed_processes

DEFAULT_BASE_URL = "http://127.0.0.1:5000"


def site() -> tuple[str, str]:
    """Where files are kept, and the public address printed in links and QR codes."""
    config = current_app.config
    return config["UPLOAD_DIR"], config.get("BASE_URL") or DEFAULT_BASE_URL


def issue_for_case(
    instance: ProcessInstance,
    kind: str,
    title: str,
    context: dict,
    clock: Clock,
    *,
    issuer: str,
    subject: str,
    doc_number: str = "",
) -> IssuedDocument:
    upload_dir, base_url = site()
    return issue(
        kind,
        title,
        installed_processes().documents()[kind].template,
        context,
        instance_id=instance.id,
        school_id=instance.school_id,
        issuer=issuer,
        subject=subject,
        clock=clock,
        upload_dir=upload_dir,
        base_url=base_url,
        doc_number=doc_number,
    )
