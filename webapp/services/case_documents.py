"""Issuing a document for a case: the site's upload folder and address, the case's school."""

from __future__ import annotations

from flask import current_app, has_request_context, request

from webapp.clock import Clock
from webapp.config import public_base_url
from webapp.documents import issue
from webapp.models import IssuedDocument, ProcessInstance
from webapp.processes.registry import current as installed_processes

NO_BASE_URL = "签发文件需要站点的完整地址：请设置 BASE_URL（如 https://zz.example.edu.cn）。"


def site() -> tuple[str, str]:
    """Where files are kept, and the public address printed in links and QR codes: BASE_URL,
    or in development the address the page was asked at (a step completed in a request) or the
    development server's (a timer, job or command); ValueError in production without BASE_URL."""
    config = current_app.config
    host_url = request.host_url if has_request_context() else None
    base_url = public_base_url(config, host_url)
    if base_url is None:
        raise ValueError(NO_BASE_URL)
    return config["UPLOAD_DIR"], base_url


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
