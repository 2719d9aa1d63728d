"""The verification pages anyone may open, and the scoped download of the PDF itself."""

from __future__ import annotations

from io import BytesIO

from flask import Response, current_app, redirect, render_template, request, send_file, url_for
from flask_login import current_user, login_required

from webapp import documents
from webapp.display import local
from webapp.documents.codes import normalise
from webapp.verify import bp

# A verification page is reached from a QR code on paper: keep it out of search engines and
# send no Referer (the code is in the URL) anywhere.
PUBLIC_HEADERS = {"X-Robots-Tag": "noindex, nofollow", "Referrer-Policy": "no-referrer"}


def _public(body: str, status: int = 200) -> Response:
    return Response(body, status=status, headers=PUBLIC_HEADERS, mimetype="text/html")


@bp.get("/verify")
def lookup():
    """A form to type a code from paper; a submitted code goes to its page."""
    typed = request.args.get("code", "").strip()[:40]
    if not typed:
        return _public(render_template("verify/lookup.html"))
    code = normalise(typed)
    if code is None:
        return _public(render_template("verify/not_found.html", code=typed), 404)
    return redirect(url_for("verify.check", code=code))


@bp.get("/verify/<code>")
def check(code: str):
    """核验: the document's public facts only (see models.document), never its content."""
    document = documents.find_by_code(code)
    if document is None:
        return _public(render_template("verify/not_found.html", code=code[:40]), 404)
    issued_on = documents.chinese_date(local(document.issued_at))
    revoked_on = documents.chinese_date(local(document.revoked_at)) if document.revoked else ""
    return _public(
        render_template(
            "verify/check.html", document=document, issued_on=issued_on, revoked_on=revoked_on
        )
    )


@bp.get("/documents/<int:document_id>.pdf")
@login_required
def download(document_id: int):
    document = documents.get_visible(document_id, current_user)
    body = documents.open_document(document, current_app.config["UPLOAD_DIR"])
    response = send_file(
        BytesIO(body),
        mimetype="application/pdf",
        as_attachment=True,
        download_name=f"{document.title}.pdf",
    )
    response.headers["Cache-Control"] = "private, no-store"
    return response
