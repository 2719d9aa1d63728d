"""The guardian's one-time consent page (no login), and the school's paper-reply recording."""

from flask import Blueprint

bp = Blueprint("consent", __name__)

from webapp.processes.internship_approval.consent_pages import guardian_page, paper_reply  # noqa: E402,F401
