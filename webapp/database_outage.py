"""A database that refuses writes or cannot be reached: told apart from a mistake in a query,
answered 503 系统维护中 with Retry-After, logged once per outage, and recovered from without a
restart (pooled connections are dropped on such an error, and pre-pinged before use)."""

from __future__ import annotations

import logging
import threading
from contextlib import suppress

from flask import Flask, current_app, jsonify, make_response, request
from sqlalchemy import event
from sqlalchemy.engine import ExceptionContext
from sqlalchemy.exc import DBAPIError

from webapp.extensions import db

MESSAGE = "系统维护中，请稍后再试。"
RETRY_AFTER_SECONDS = 60
# SQLite result codes of a file that cannot be written or opened (a busy database is not one).
_SQLITE_UNAVAILABLE = ("SQLITE_READONLY", "SQLITE_CANTOPEN", "SQLITE_IOERR", "SQLITE_FULL")
_READ_ONLY_TRANSACTION = "25006"  # PostgreSQL: cannot execute … in a read-only transaction
_LOCK_NOT_AVAILABLE = "55"  # PostgreSQL class 55: a busy object, not an outage


def unavailable(dbapi_error: BaseException) -> bool:
    """The driver's error says the database is read-only or unreachable."""
    sqlite_name = getattr(dbapi_error, "sqlite_errorname", None)
    if sqlite_name is not None:
        return sqlite_name.startswith(_SQLITE_UNAVAILABLE)
    sqlstate = getattr(dbapi_error, "sqlstate", None) or ""
    if sqlstate == _READ_ONLY_TRANSACTION:
        return True
    operational = any(cls.__name__ == "OperationalError" for cls in type(dbapi_error).__mro__)
    return operational and not sqlstate.startswith(_LOCK_NOT_AVAILABLE)


def is_outage(error: BaseException) -> bool:
    return isinstance(error, DBAPIError) and (
        error.connection_invalidated or unavailable(error.orig)
    )


class Outage:
    """One outage at a time: its start logged once, its end when the database takes a write
    again; meanwhile connections are closed after use instead of pooled."""

    def __init__(self, logger: logging.Logger) -> None:
        self._logger = logger
        self._lock = threading.Lock()
        self.active = False

    def failed(self, error: DBAPIError) -> None:
        with self._lock:
            started, self.active = not self.active, True
        if started:
            self._logger.error(
                "database unavailable (read-only or unreachable); answering 503 until it takes "
                "a write again: %s",
                error.orig,
            )

    def wrote(self, _conn, _cursor, _statement, _parameters, context, _executemany) -> None:
        """after_cursor_execute: a write that went through ends the outage."""
        if not self.active or context is None:
            return
        if context.isinsert or context.isupdate or context.isdelete:
            with self._lock:
                ended, self.active = self.active, False
            if ended:
                self._logger.warning("database available again")

    def checked_in(self, dbapi_connection, record) -> None:
        """Pool checkin: while an outage lasts, close connections instead of reusing them; one
        opened while the database was read-only would stay read-only after it recovers."""
        if self.active and dbapi_connection is not None:
            record.invalidate()


def _drop_connections(context: ExceptionContext) -> None:
    """handle_error: treat read-only and unreachable as a lost connection, so the pool is
    emptied and the next request opens a fresh one (which sees a database writable again)."""
    if unavailable(context.original_exception):
        context.is_disconnect = True


def watch(app: Flask) -> None:
    """Hook the app's engine: drop connections during an outage and notice when it ends."""
    outage = Outage(app.logger)
    app.extensions["database_outage"] = outage
    with app.app_context():
        engine = db.engine
    event.listen(engine, "handle_error", _drop_connections)
    event.listen(engine, "after_cursor_execute", outage.wrote)
    event.listen(engine, "checkin", outage.checked_in)


def respond(error: DBAPIError):
    """503 with Retry-After: the JSON error shape under /api/, else a page that needs no
    database (no layout, no current user, no context processors)."""
    current_app.extensions["database_outage"].failed(error)
    with suppress(DBAPIError):  # the connection is gone; the session is discarded at teardown
        db.session.rollback()
    if request.path.startswith("/api/"):
        response = jsonify({"error": "maintenance", "message": MESSAGE})
    else:
        page = current_app.jinja_env.get_template("maintenance.html").render(message=MESSAGE)
        response = make_response(page)
    response.status_code = 503
    response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response
