"""Reading the internship application form: kinds of internship, dates, amounts and rows."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

from webapp.form_values import form_day

OBSERVATION = "认识实习"
PLACEMENT = "岗位实习"
# Since 2021 跟岗 and 顶岗 are both 岗位实习; schools still use the old names.
KIND_ALIASES = {"跟岗实习": PLACEMENT, "顶岗实习": PLACEMENT, "跟岗": PLACEMENT, "顶岗": PLACEMENT}


def normalise_kind(kind: object) -> str:
    """The current name of a kind of internship: the old 跟岗/顶岗 names become 岗位实习."""
    name = kind.strip() if isinstance(kind, str) else ""
    return KIND_ALIASES.get(name, name)


def is_placement(kind: object) -> bool:
    """True unless the kind is plainly 认识实习: an unreadable kind gets the stricter rules."""
    return normalise_kind(kind) != OBSERVATION


day = form_day  # an ISO date from the form, or None when it is missing or unreadable


def amount(value: object) -> Decimal | None:
    """A number from the form as a Decimal, so 80% of 3500 is exactly 2800."""
    if isinstance(value, bool) or value is None:
        return None
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def text(value: object) -> str:
    return value.strip() if isinstance(value, str) else ""


def rows(application: dict, field: str) -> list[dict]:
    """The rows of a table field, skipping anything that is not a row."""
    value = application.get(field)
    if not isinstance(value, list):
        return []
    return [row if isinstance(row, dict) else {} for row in value]


def period(application: dict) -> tuple[date, date] | None:
    """(start, end) when both dates are readable and the end is not before the start."""
    start, end = day(application.get("start_date")), day(application.get("end_date"))
    if start is None or end is None or end < start:
        return None
    return start, end


def attached(value: object) -> bool:
    """True when the form value is an uploaded file (or a non-empty list of them)."""
    if isinstance(value, list):
        return any(attached(item) for item in value)
    return isinstance(value, dict) and value.get("attachment_id") not in (None, "")


def show(number: Decimal) -> str:
    """A number as people write it: 2800 rather than 2800.0 or 2.8E+3."""
    return f"{number.normalize():f}"


def percent(ratio: float) -> str:
    """A setting's ratio as people write it: 0.8 → 80%, 0.125 → 12.5%."""
    return show(Decimal(str(ratio)) * 100) + "%"
