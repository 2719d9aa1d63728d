"""Issued documents on the web: the public /verify/<code> check (no login) and the PDF download
for signed-in users who may see the document's case."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("verify", __name__)

from webapp.verify import pages  # noqa: E402,F401
