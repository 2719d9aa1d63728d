"""ISO 8601 durations as written in task properties (e.g. dueIn = P5D)."""

from __future__ import annotations

import re
from datetime import timedelta

_PATTERN = re.compile(
    r"^P(?:(?P<weeks>\d+)W)?(?:(?P<days>\d+)D)?(?:T(?:(?P<hours>\d+)H)?(?:(?P<minutes>\d+)M)?)?$"
)


def parse_duration(text: str) -> timedelta:
    """Weeks, days, hours and minutes; raises ValueError on anything else."""
    match = _PATTERN.match(text.strip())
    if not match or text.strip() in ("P", "PT"):
        raise ValueError(f"无法识别的时长：{text}（应形如 P5D、PT12H）")
    parts = {k: int(v) for k, v in match.groupdict().items() if v}
    return timedelta(**parts)
