"""Integer ids and page numbers from URLs and query strings, kept within what the database holds."""

from __future__ import annotations

import re

from flask import Flask, request
from werkzeug.routing import IntegerConverter, ValidationError

from webapp.errors import DomainError, RuleViolation

MAX_ID = 2**31 - 1  # PostgreSQL INTEGER, the narrowest id column; SQLite holds up to 2**63 - 1
NO_SUCH_ID = -1  # stands for an id past MAX_ID: no row has it, so it is looked up and not found
MAX_PAGE = MAX_ID  # at 100 rows a page the row offset stays far inside 64 bits
HUGE = 10**30  # what a longer number is read as: past every id, page and count
_INTEGER = re.compile(r"-?[0-9]+")  # ASCII only: str.isdigit() accepts "²", which int() refuses


class IdConverter(IntegerConverter):
    """<int:…> in every route: a number past MAX_ID reaches the view as NO_SUCH_ID, so it answers
    exactly as a missing record does instead of failing in the database."""

    def to_python(self, value: str) -> int:
        number = parse_int(value)
        if number is None:  # the route's pattern also lets through non-ASCII digits
            raise ValidationError()
        return number if number <= MAX_ID else NO_SUCH_ID

    def to_url(self, value: int) -> str:
        """NO_SUCH_ID as the first number past MAX_ID, so a link back to it is not found again."""
        return super().to_url(MAX_ID + 1 if value == NO_SUCH_ID else value)


def register(app: Flask) -> None:
    """Before any blueprint: a route's converters are fixed when the route is added."""
    app.url_map.converters["int"] = IdConverter


def parse_int(raw: str | None) -> int | None:
    """The integer written in ASCII digits (with an optional minus), or None. One of more than
    30 digits is read as ±HUGE: int() refuses more than 4300, and nothing we count needs 30."""
    text = (raw or "").strip()
    if not _INTEGER.fullmatch(text):
        return None
    if len(text.lstrip("-").lstrip("0")) > 30:
        return -HUGE if text.startswith("-") else HUGE
    return int(text)


def int_arg(name: str, default: int | None = None, *, strict: bool = False) -> int | None:
    """A query argument as an integer; absent gives `default`, and so does malformed unless
    `strict` (the API), where it is refused with 422."""
    raw = request.args.get(name, "")
    value = parse_int(raw)
    if value is None and raw.strip() and strict:
        raise RuleViolation(f"参数 {name} 必须是整数。", {name: "应为整数"})
    return default if value is None else value


def id_arg(name: str, *, strict: bool = False) -> int | None:
    """An id filter from the query string; one past MAX_ID finds nothing, like a missing id."""
    value = int_arg(name, strict=strict)
    if value is None:
        return None
    return value if -MAX_ID <= value <= MAX_ID else NO_SUCH_ID


def page_arg(name: str = "page", *, strict: bool = False) -> int:
    """A page number, at least 1; one past MAX_PAGE is refused with 400."""
    page = int_arg(name, 1, strict=strict)
    if page > MAX_PAGE:
        raise DomainError("页码超出范围。", {name: f"页码最大为 {MAX_PAGE}"})
    return max(1, page)
