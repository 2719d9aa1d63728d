"""Task data crossing the engine boundary: JSON-safe copies out, storable copies in."""

from __future__ import annotations

import copy
from datetime import date
from decimal import Decimal
from typing import Any

# SpiffWorkflow's serializer treats any dict with this key as a serialized object, so a
# stored instance holding one could never be restored.
RESERVED_KEY = "typename"


def json_safe(value: Any) -> Any:
    """A copy json.dumps accepts: dates as ISO strings, Decimals as strings, tuples as lists."""
    if isinstance(value, dict):
        return {str(k): json_safe(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [json_safe(v) for v in value]
    if isinstance(value, date):  # datetime is a date too
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


def storable_copy(data: dict) -> dict:
    """A deep copy of incoming data, so later edits by the caller never reach the engine."""
    _reject_reserved(data)
    return copy.deepcopy(data)


def _reject_reserved(value: Any) -> None:
    if isinstance(value, dict):
        if RESERVED_KEY in value:
            raise ValueError(f"数据中不能使用保留字段名 {RESERVED_KEY}")
        for item in value.values():
            _reject_reserved(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            _reject_reserved(item)
