"""The one local time zone: times are stored in UTC, and shown, dated and counted in days here.

It is the TIMEZONE setting (Asia/Shanghai unless the environment's TIMEZONE says otherwise;
see `config`). Code running outside an app (a script, a pure test) gets the environment's.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from flask import current_app, has_app_context

from webapp.config import timezone_from_environment


def local_zone() -> ZoneInfo:
    """The zone in which days begin and end for this app."""
    name = current_app.config["TIMEZONE"] if has_app_context() else timezone_from_environment()
    return ZoneInfo(name)


def local_date(moment: datetime) -> date:
    """The local calendar day of an instant."""
    return moment.astimezone(local_zone()).date()
