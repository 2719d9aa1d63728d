"""The dashboard's missed rows with their processes' notes for the supervisors (where a case
stands: the sanction it has reached, say). Shared by the page, its export and the API."""

from __future__ import annotations

from dataclasses import replace

from webapp.models.supervision import DeadlineRow
from webapp.services import missed


def with_notes(rows: list[DeadlineRow]) -> list[DeadlineRow]:
    found = missed.notes({row.instance_id for row in rows if row.missed})
    return [
        replace(row, note=found[row.instance_id]) if row.instance_id in found else row
        for row in rows
    ]
