"""Profiles for the report: pyinstrument around a callable, reduced to the hot spots it names."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

PROJECT_DIRS = ("webapp/", "scheduler/", "bench/")


def _key(frame) -> str:
    where = frame.file_path_short or ""
    return f"{frame.function} ({where}:{frame.line_no})"


def _walk(frame, own: dict, inclusive: dict, stack: set) -> None:
    if frame.is_synthetic:
        return
    real_children = [c for c in frame.children if not c.is_synthetic]
    key = _key(frame)
    own[key] += frame.time - sum(c.time for c in real_children)
    if key not in stack:  # a recursive call counts once, at its outermost frame
        path = frame.file_path or ""
        if any(part in path for part in PROJECT_DIRS) and "site-packages" not in path:
            inclusive[key] += frame.time
    stack = stack | {key}
    for child in real_children:
        _walk(child, own, inclusive, stack)


def hot_spots(root, top: int = 15) -> dict:
    """Self time by function (any code) and inclusive time of our own functions, in ms."""
    own: dict[str, float] = defaultdict(float)
    inclusive: dict[str, float] = defaultdict(float)
    if root is not None:
        _walk(root, own, inclusive, set())
    total = root.time if root is not None else 0.0

    def rows(table: dict) -> list[dict]:
        ranked = sorted(table.items(), key=lambda kv: kv[1], reverse=True)[:top]
        return [
            {"function": k, "ms": round(v * 1000, 1), "pct": round(100 * v / total, 1)}
            for k, v in ranked
            if total
        ]

    return {"total_ms": round(total * 1000, 1), "self": rows(own), "project": rows(inclusive)}


def profile(fn: Callable[[], object], label: str, interval: float = 0.0005) -> dict:
    """Run `fn` under pyinstrument; its hot spots and a trimmed call tree (text)."""
    from pyinstrument import Profiler

    profiler = Profiler(interval=interval)
    profiler.start()
    try:
        fn()
    finally:
        profiler.stop()
    session = profiler.last_session
    text = profiler.output_text(unicode=False, color=False, show_all=False)
    lines = text.splitlines()
    return {
        "label": label,
        "tool": "pyinstrument",
        **hot_spots(session.root_frame()),
        "tree": "\n".join(lines[:90]),
    }
