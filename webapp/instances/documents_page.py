"""文件: the issued documents of every case the user may see, newest first."""

from __future__ import annotations

from flask import current_app, render_template, request
from flask_login import current_user, login_required

from webapp.instances import bp
from webapp.request_args import page_arg
from webapp.services import instances


@bp.get("/documents")
@login_required
def documents_list():
    size = current_app.config["INBOX_PAGE_SIZE"]
    page = instances.issued_documents(current_user, page_arg(), size)
    return render_template("documents_list.html", page=page, args=request.args)
