"""文件: the issued documents of every case the user may see, newest first."""

from __future__ import annotations

from flask import current_app, render_template
from flask_login import current_user, login_required
from sqlalchemy import func, select

from webapp.extensions import db
from webapp.instances import bp
from webapp.models import IssuedDocument, ProcessInstance
from webapp.models.scope import visible_instances
from webapp.request_args import page_arg


@bp.get("/documents")
@login_required
def documents_list():
    visible = visible_instances(current_user).with_only_columns(ProcessInstance.id)
    query = select(IssuedDocument).where(IssuedDocument.instance_id.in_(visible))
    page = page_arg()
    size = current_app.config["INBOX_PAGE_SIZE"]
    total = db.session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = db.session.scalars(
        query.order_by(IssuedDocument.issued_at.desc(), IssuedDocument.id.desc())
        .limit(size)
        .offset((page - 1) * size)
    ).all()
    return render_template(
        "documents_list.html", rows=rows, total=total, page=page, pages=max(1, -(-total // size))
    )
