"""Domain functions that BPMN conditions and scripts may call through the restricted evaluator."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from webapp.processes import inspection, internship_flow, student_registration

LOCAL = ZoneInfo("Asia/Shanghai")


def calendar_deadline(start: object, days: int) -> str:
    """The end (23:59:59 local) of the day `days` calendar days after `start`, as ISO text:
    for periods the rules count in calendar days (e.g. 90 days to rectify)."""
    moment = datetime.fromisoformat(start) if isinstance(start, str) else start
    if not isinstance(moment, datetime):
        raise TypeError("calendar_deadline 需要日期时间")
    day = moment.astimezone(LOCAL).date() + timedelta(days=int(days))
    return datetime.combine(day, time(23, 59, 59), LOCAL).isoformat()


def script_functions() -> dict[str, Callable]:
    """The names a diagram may use beyond the evaluator's safe builtins and the working-day
    functions (webapp/workdays/script_functions.py)."""
    return {
        "calendar_deadline": calendar_deadline,
        "registration_cap": student_registration.registration_cap,
        **inspection.SCRIPT_FUNCTIONS,
        **internship_flow.SCRIPT_FUNCTIONS,
    }
