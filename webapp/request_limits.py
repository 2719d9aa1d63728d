"""What any request may carry: a JSON body of bounded size and nesting without NaN, and text
without NUL characters (PostgreSQL refuses both), so no input reaches a 500."""

from __future__ import annotations

from typing import Any

from flask import Flask, request
from flask.json.provider import DefaultJSONProvider
from flask.wrappers import Request
from werkzeug.exceptions import RequestEntityTooLarge

from webapp.errors import DomainError

MAX_JSON_BYTES = 1024 * 1024  # uploads are multipart and keep MAX_CONTENT_LENGTH
MAX_JSON_DEPTH = 32  # the deepest body the API reads (task data with table rows) is about 5
TOO_DEEP = f"请求的 JSON 嵌套层数过多（最多 {MAX_JSON_DEPTH} 层）。"
HAS_NUL = "请求中含有不允许的空字符（\\0）。"
NOT_A_NUMBER = "请求的 JSON 含有 NaN 或 Infinity，它们不是合法的 JSON 数值。"


class TooLarge(DomainError):
    status = 413
    code = "too_large"


def _json_problem(value: Any) -> str | None:
    """Nesting deeper than MAX_JSON_DEPTH, or a NUL in a text; walked without recursion."""
    stack = [(value, 1)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, str) and "\x00" in node:
            return HAS_NUL
        if isinstance(node, dict | list):
            if depth > MAX_JSON_DEPTH:
                return TOO_DEEP
            children = [*node, *node.values()] if isinstance(node, dict) else node
            stack.extend((child, depth + 1) for child in children)
    return None


def _refuse_constant(name: str) -> None:
    """NaN and ±Infinity: Python reads them, PostgreSQL's JSON and every other reader do not."""
    raise DomainError(NOT_A_NUMBER)


class BoundedJSONProvider(DefaultJSONProvider):
    """app.json, which parses every request body. Its errors are not ValueErrors, so even
    get_json(silent=True) answers them (400) instead of taking the body for a missing one."""

    def loads(self, s: str | bytes, **kwargs: Any) -> Any:
        try:
            value = super().loads(s, parse_constant=_refuse_constant, **kwargs)
        except RecursionError:
            raise DomainError(TOO_DEEP) from None
        problem = _json_problem(value)
        if problem:
            raise DomainError(problem)
        return value


class BoundedJsonRequest(Request):
    """A request whose JSON body is read only up to MAX_JSON_BYTES."""

    def get_json(self, force: bool = False, silent: bool = False, cache: bool = True) -> Any:
        unread = "stream" not in self.__dict__
        if (force or self.is_json) and unread:  # read no more than a JSON body may be
            self.max_content_length = min(self.max_content_length or MAX_JSON_BYTES, MAX_JSON_BYTES)
        try:
            return super().get_json(force=force, silent=silent, cache=cache)
        except RequestEntityTooLarge:
            raise TooLarge(f"请求体过大（JSON 最多 {MAX_JSON_BYTES // 1024} KB）。") from None


def _refuse_nul() -> None:
    """Before every view: no NUL in the path, the query string or a form field."""
    texts = [*(request.view_args or {}).values()]
    texts += [value for _, value in request.args.items(multi=True)]
    if request.method == "POST" and not request.is_json:
        texts += [value for _, value in request.form.items(multi=True)]
    if any(isinstance(text, str) and "\x00" in text for text in texts):
        raise DomainError(HAS_NUL)


def register(app: Flask) -> None:
    app.json = BoundedJSONProvider(app)
    app.request_class = BoundedJsonRequest
    app.before_request(_refuse_nul)
