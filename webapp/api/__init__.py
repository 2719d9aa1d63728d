"""The JSON API (/api/v1): bearer-token authenticated, same services as the pages."""

from flask import Blueprint

bp = Blueprint("api", __name__)

from webapp.api import (  # noqa: E402,F401
    auth,
    instances,
    jobs,
    majors,
    notifications,
    openapi,
    registry,
    supervision,
    tasks,
    uploads,
)
