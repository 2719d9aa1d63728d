"""The yearly window for requests (settings majors.window_opens / window_closes)."""

from __future__ import annotations

from datetime import date

from webapp.settings_store import service as settings

from .settings import month_day


def window(today: date) -> tuple[date, date]:
    """This year's window for requests, from the settings."""

    def day(key: str) -> date:
        month, dom = month_day(str(settings.get(key))).split("-")
        return date(today.year, int(month), int(dom))

    return day("majors.window_opens"), day("majors.window_closes")
