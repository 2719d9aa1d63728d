"""待办 and 已办 pages, and the task page where a form is filled in and submitted."""

from flask import Blueprint

bp = Blueprint("inbox", __name__)

from webapp.inbox import drafts_page, lists, saved_filters, task_page  # noqa: E402,F401
