"""Rewrite stored engine states without their finished subprocesses (a one-off data migration).

Works on a plain connection, as Alembic gives one; each rewritten row keeps its lock_version
(nothing about the case changed). A state that cannot be read is left as it is and reported.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

import sqlalchemy as sa

from webapp.engine.compaction import compact_state

log = logging.getLogger(__name__)

_instance = sa.table(
    "process_instance",
    sa.column("id", sa.Integer),
    sa.column("definition_id", sa.Integer),
    sa.column("state", sa.Text),
)
_definition = sa.table(
    "process_definition", sa.column("id", sa.Integer), sa.column("spec_json", sa.Text)
)


@dataclass
class Compaction:
    rewritten: int = 0
    bytes_before: int = 0
    bytes_after: int = 0
    unreadable: list[int] = field(default_factory=list)


def compact_states(connection: sa.Connection, batch: int = 200) -> Compaction:
    """Every instance whose state holds a finished subprocess, rewritten without it."""
    result, specs = Compaction(), {}
    ids = connection.execute(sa.select(_instance.c.id).order_by(_instance.c.id)).scalars().all()
    for start in range(0, len(ids), batch):
        rows = connection.execute(
            sa.select(_instance.c.id, _instance.c.definition_id, _instance.c.state).where(
                _instance.c.id.in_(ids[start : start + batch])
            )
        ).all()
        for instance_id, definition_id, state in rows:
            if definition_id not in specs:
                specs[definition_id] = connection.execute(
                    sa.select(_definition.c.spec_json).where(_definition.c.id == definition_id)
                ).scalar_one()
            try:
                compacted = compact_state(specs[definition_id], state)
            except Exception:  # a state this release cannot read stays as it was
                log.exception("instance %s: engine state not compacted", instance_id)
                result.unreadable.append(instance_id)
                continue
            if compacted is None:
                continue
            connection.execute(
                sa.update(_instance).where(_instance.c.id == instance_id).values(state=compacted)
            )
            result.rewritten += 1
            result.bytes_before += len(state.encode())
            result.bytes_after += len(compacted.encode())
    return result
