"""How documents write dates and sums: 2026年3月15日, 3,200.00; blanks to fill in by hand."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal, InvalidOperation

# What a paper form leaves for the pen: a date or sum the data does not have yet.
BLANK_DATE = "　　　　年　　月　　日"
BLANK_SUM = "　　　　"


def chinese_date(day: date | datetime | None) -> str:
    """2026年3月15日 (no leading zeros), the date form official documents use; None gives the
    blank "　　　　年　　月　　日" a signer fills in.

    A datetime must already be in local time: the caller decides the zone (see `issuing`)."""
    if day is None:
        return BLANK_DATE
    return f"{day.year}年{day.month}月{day.day}日"


def yuan(amount: int | float | Decimal | str | None) -> str:
    """An amount of money with thousands separators and two decimals: 3,200.00; blank if none,
    and text that is not a number as it was written."""
    if amount is None or amount == "":
        return BLANK_SUM
    try:
        return f"{Decimal(str(amount)):,.2f}"
    except InvalidOperation:
        return str(amount)
