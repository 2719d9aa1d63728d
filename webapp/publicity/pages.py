"""The public 公示 pages (no login): what is published, its period, and the objection form;
the objection's files for the province's officials."""

from __future__ import annotations

from flask import (
    Response,
    abort,
    current_app,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_login import current_user, login_required
from sqlalchemy import select

from webapp.clock import current_clock
from webapp.errors import DomainError
from webapp.extensions import db
from webapp.local_time import local_date
from webapp.models import Organisation
from webapp.models.paging import Page
from webapp.models.scope import acts_for_province
from webapp.publicity import bp, service
from webapp.publicity.models import Objection, Publication
from webapp.request_args import page_arg
from webapp.services import evidence_files

PAGE_SIZE = 30
# Public pages: kept out of search engines, no Referer sent onwards.
PUBLIC_HEADERS = {"X-Robots-Tag": "noindex, nofollow", "Referrer-Policy": "no-referrer"}


def _public(body: str, status: int = 200) -> Response:
    return Response(body, status=status, headers=PUBLIC_HEADERS, mimetype="text/html")


@bp.get("/public/")
def index():
    try:
        number = page_arg()
    except DomainError:
        number = 1
    total = db.session.scalar(select(db.func.count()).select_from(Publication)) or 0
    rows = db.session.execute(
        select(Publication, Organisation.name)
        .outerjoin(Organisation, Organisation.id == Publication.school_id)
        .order_by(Publication.published_at.desc(), Publication.id.desc())
        .offset((number - 1) * PAGE_SIZE)
        .limit(PAGE_SIZE)
    ).all()
    today = local_date(current_clock().now())
    html = render_template(
        "publicity/index.html",
        page=Page(rows, total, number, PAGE_SIZE),
        args=request.args,
        today=today,
        kinds=service.KINDS,
    )
    return _public(html)


def _detail(publication: Publication, errors=None, values=None, message="", status=200):
    school = db.session.get(Organisation, publication.school_id) if publication.school_id else None
    today = local_date(current_clock().now())
    html = render_template(
        "publicity/detail.html",
        publication=publication,
        school=school,
        kind=service.KINDS.get(publication.kind, ""),
        open=service.open_for_objections(publication, today),
        today=today,
        errors=errors or {},
        values=values or {},
        message=message,
    )
    return _public(html, status)


@bp.get("/public/<int:publication_id>")
def detail(publication_id: int):
    try:
        publication = service.get(publication_id)
    except DomainError:
        abort(404)
    return _detail(publication)


@bp.post("/public/<int:publication_id>/objections")
def object_to(publication_id: int):
    try:
        publication = service.get(publication_id)
    except DomainError:
        abort(404)
    values = {key: request.form.get(key, "")[:3000] for key in ("name", "contact", "text")}
    files = [
        (upload.stream, upload.filename)
        for upload in request.files.getlist("evidence")
        if upload and upload.filename
    ]
    try:
        objection = service.lodge(
            publication, values["name"], values["contact"], values["text"], files,
            current_clock(), current_app.config["UPLOAD_DIR"],
        )  # fmt: skip
    except DomainError as error:
        db.session.rollback()
        again = "（如有附件，请重新选择）" if files else ""
        return _detail(publication, error.fields, values, error.message + again, 422)
    db.session.commit()
    return redirect(
        url_for("publicity.received", publication_id=publication.id, number=objection.id)
    )


@bp.get("/public/<int:publication_id>/objections/<int:number>")
def received(publication_id: int, number: int):
    objection = db.session.get(Objection, number)
    if objection is None or objection.publication_id != publication_id:
        abort(404)
    publication = service.get(publication_id)
    return _public(
        render_template("publicity/received.html", publication=publication, number=number)
    )


@bp.get("/objections/<int:objection_id>/evidence/<int:index>")
@login_required
def objection_evidence(objection_id: int, index: int):
    objection = db.session.get(Objection, objection_id)
    if objection is None or not acts_for_province(current_user):
        abort(404)
    try:
        name, path = evidence_files.path_of(
            objection.evidence, index, service.FOLDER, current_app.config["UPLOAD_DIR"]
        )
    except DomainError:
        abort(404)
    if not path.is_file():
        abort(404)
    return send_file(path, as_attachment=True, download_name=name)
