"""学籍 registration: an enrollment batch must be registered within the set working days of
enrollment (policy §9, setting registration.working_days, default 20), and never after the
fixed date of its intake (autumn 20 Nov, spring 20 Apr: the national electronic-registration
rules, sources.REGISTRATION_RULES, not the policy)."""

from __future__ import annotations

from datetime import date

from webapp.form_values import form_day
from webapp.sources import REGISTRATION_RULES, policy_article

from .roster import count_problem, validate_roster

WORKING_DAYS = 20  # the setting's default (policy §9)
CAPS = {"autumn": (11, 20), "spring": (4, 20)}
INTAKES = {"autumn": "秋季", "spring": "春季"}
# Where each deadline comes from, as messages cite it.
CAP_SOURCE = f"（{REGISTRATION_RULES}）"
WORKING_DAYS_SOURCE = f"（{policy_article('九')}）"


def registration_cap(enrolled_on: str, intake: str) -> str:
    """The fixed last day for the intake in the enrollment year, as an ISO date."""
    month, day = CAPS[intake]
    return date(date.fromisoformat(enrolled_on).year, month, day).isoformat()


def validate_batch(data: dict, today: date, context: dict | None = None) -> dict[str, str]:
    """Field errors (Chinese) for an enrollment batch; empty when it may be recorded."""
    errors = validate_roster(data, context or {}) | count_problem(data)
    intake, raw = data.get("intake"), data.get("enrolled_on")
    enrolled_on = form_day(raw)
    if not isinstance(intake, str) or intake not in CAPS or enrolled_on is None:
        return errors  # the form's schema reports missing or malformed fields
    cap = date(enrolled_on.year, *CAPS[intake])
    if enrolled_on > today:
        errors["enrolled_on"] = f"入学日期 {raw} 晚于今天，请填写实际入学日期"
    elif enrolled_on > cap:
        errors["enrolled_on"] = (
            f"{INTAKES[intake]}入学批次的学籍须在 {cap.month} 月 {cap.day} 日前注册，"
            f"入学日期 {raw} 已晚于该日期，请核对入学批次或日期{CAP_SOURCE}"
        )
    return errors
