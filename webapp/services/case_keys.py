"""A case's number (business key) and the title every page prints.

The number is the process's prefix, the year the case started and its id: SX-2026-00042. It is
unique because the id is, it never changes, and it is part of the title, so the inbox, 已办, 督办,
exports and notifications all name a case the same way and a search by number finds it.
"""

from __future__ import annotations

from webapp.local_time import local_date
from webapp.models import ProcessInstance
from webapp.services import process_hooks

TITLE_LENGTH = 300
SEPARATOR = " · "


def business_key(instance: ProcessInstance) -> str:
    """The number of an instance that has its id and start time."""
    prefix = process_hooks.case_prefix(instance.process_key)
    return f"{prefix}-{local_date(instance.created_at).year}-{instance.id:05d}"


def titled(base: str, key: str | None) -> str:
    """The title pages print: what the case is about, then its number."""
    if not key:
        return base[:TITLE_LENGTH]
    tail = f"{SEPARATOR}{key}"
    return base[: TITLE_LENGTH - len(tail)] + tail
