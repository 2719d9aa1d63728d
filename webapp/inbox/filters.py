"""Reading the inbox's query string into an InboxFilter: one reader for the pages and the API.

The pages leave out a value they cannot read and say so (`problems`); the API (`strict`)
refuses it with 422 instead.
"""

from __future__ import annotations

from datetime import datetime, time
from zoneinfo import ZoneInfo

from flask import request

from webapp.errors import RuleViolation
from webapp.local_time import local_zone
from webapp.models.inbox import InboxFilter
from webapp.request_args import id_arg

TRUE = ("1", "true", "yes")
DUE_BEFORE_UNREADABLE = "“截止日期早于”的格式应为 2026-03-15，已忽略该条件。"


def read_filters(*, strict: bool = False) -> tuple[InboxFilter, list[str]]:
    """The filter, and (pages only) why a value was left out."""
    problems: list[str] = []
    due_before = None
    raw_due = request.args.get("due_before", "").strip()
    if raw_due:
        try:
            due_before = due_before_of(raw_due, local_zone())
        except RuleViolation:
            if strict:
                raise
            problems.append(DUE_BEFORE_UNREADABLE)
    found = InboxFilter(
        process=request.args.get("process") or None,
        school_id=id_arg("school", strict=strict),
        city_id=id_arg("city", strict=strict),
        overdue=request.args.get("overdue") in TRUE,
        due_before=due_before,
        text=request.args.get("q", "").strip() or None,
        sort=request.args.get("sort", ""),
    )
    return found, problems


def due_before_of(raw: str, zone: ZoneInfo) -> datetime:
    """A day (2026-03-15: the start of that local day) or a date-time with its offset."""
    try:
        day = datetime.strptime(raw, "%Y-%m-%d").date()
    except ValueError:
        pass
    else:
        return datetime.combine(day, time.min, zone)
    try:
        moment = datetime.fromisoformat(raw)
    except ValueError as error:
        raise RuleViolation(
            "参数 due_before 应为日期或 ISO 日期时间，如 2026-03-15 或 2026-03-15T00:00:00+08:00。",
            {"due_before": "格式不正确"},
        ) from error
    if moment.tzinfo is None:
        raise RuleViolation("参数 due_before 需要带时区，如 +08:00。", {"due_before": "缺少时区"})
    return moment
