"""Stored states written before finished subprocesses were pruned (pruning.py): rewritten once,
by the data migration of that change (migrations/versions/*_engine_state_compaction.py).

Restoring runs nothing, so compacting a state changes nothing but its size: the same ready tasks,
waiting timers and messages, the same step states on the diagram.
"""

from __future__ import annotations

from webapp.engine.pruning import prune_finished_subprocesses
from webapp.engine.serialization import dump_state, load_state, specs_from_json

# Only a state holding a subprocess can shrink; this is how a compact dump writes "none".
NO_SUBPROCESSES = '"subprocesses":{}'


def compact_state(spec_json: str, state: str) -> str | None:
    """The state without its finished subprocesses; None when there is nothing to prune."""
    if not state or '"subprocesses"' not in state or NO_SUBPROCESSES in state:
        return None
    workflow = load_state(state, specs_from_json(spec_json))  # no script engine: nothing runs
    if not prune_finished_subprocesses(workflow):
        return None
    return dump_state(workflow)
