"""Maps domain and HTTP errors to JSON (API) or a Chinese page, rolling back the session."""

from __future__ import annotations

from flask import Flask, render_template, request
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import HTTPException

from webapp import database_outage
from webapp.errors import Conflict, DomainError, as_json
from webapp.extensions import db

HTTP_MESSAGES = {
    400: "请求格式不正确。",
    401: "请先登录。",
    403: "您无权执行此操作。",
    404: "页面不存在或您无权查看。",
    405: "不支持该请求方式。",
    413: "上传的文件太大。",
    429: "操作过于频繁，请稍后再试。",
    500: "系统内部错误，已记录，请稍后再试或联系管理员。",
}


def _wants_json() -> bool:
    return request.path.startswith("/api/")


def _respond(error: DomainError, headers: dict[str, str] | None = None):
    db.session.rollback()
    headers = {**error.headers, **(headers or {})}
    if _wants_json():
        return as_json(error), error.status, headers
    page = render_template("error.html", message=error.message, status=error.status)
    return page, error.status, headers


def register(app: Flask) -> None:
    app.register_error_handler(DomainError, _respond)

    @app.errorhandler(StaleDataError)
    def _stale(_error):
        return _respond(Conflict("记录刚刚已被他人修改，您的操作未生效，请刷新后重试。"))

    database_outage.watch(app)

    @app.errorhandler(DBAPIError)
    def _database(error):
        if "locked" in str(error.orig).lower():
            return _respond(Conflict("系统正忙于处理同一记录，您的操作未生效，请稍后重试。"))
        if database_outage.is_outage(error):  # read-only or unreachable: 503, logged once
            return database_outage.respond(error)
        app.logger.exception("database error")
        return _http(500)

    @app.errorhandler(CSRFError)
    def _csrf(_error):
        return _respond(
            _with_status(
                DomainError("页面已过期或来源不明（CSRF 校验失败），请刷新页面后重新提交。"),
                400,
                "csrf",
            )
        )

    @app.errorhandler(HTTPException)
    def _http_exception(error: HTTPException):
        # Keep what werkzeug adds beside the status: Allow on a 405, WWW-Authenticate on a 401.
        headers = {k: v for k, v in error.get_headers() if k.lower() != "content-type"}
        return _http(error.code or 500, headers)

    @app.errorhandler(Exception)
    def _unexpected(error: Exception):
        app.logger.exception("unhandled error")
        return _http(500)


def _with_status(error: DomainError, status: int, code: str) -> DomainError:
    error.status, error.code = status, code
    return error


def _http(status: int, headers: dict[str, str] | None = None):
    codes = {
        400: "bad_request",
        401: "unauthenticated",
        403: "forbidden",
        404: "not_found",
        405: "method_not_allowed",
        413: "too_large",
        429: "too_many_attempts",
        500: "server_error",
    }
    return _respond(
        _with_status(
            DomainError(HTTP_MESSAGES.get(status, "请求失败。")), status, codes.get(status, "error")
        ),
        headers,
    )
