"""Reading a form's values in process rules, which run even on data the schema refused (one
pass): what cannot be read is None, and the schema's message names that field. Pure: no Flask,
no database, so every process's rules may use it."""

from __future__ import annotations

from datetime import date


def form_day(value: object) -> date | None:
    """An ISO date from the form (2026-03-15), or None when it is missing or unreadable."""
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        return None
