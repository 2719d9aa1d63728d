"""公示: results published to the public for a period of working days, with a way for anyone to
lodge an objection (异议), which opens a case for the province (process publicity_objection).
Only final results are published — a process calls `service.publish` when it has one — so an
interim state never reaches a public page."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("publicity", __name__, template_folder="templates")

from webapp.publicity import pages  # noqa: E402,F401
