"""What every benchmark shares: machine facts, medians and percentiles, goals, JSON, databases."""

from __future__ import annotations

import argparse
import json
import os
import platform
import sqlite3
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS_DIR = ROOT / "bench" / "results"
PG_SERVER = os.environ.get("BENCH_POSTGRES", "postgresql://postgres@127.0.0.1:5432")


# --- the machine ---------------------------------------------------------------------------


def _meminfo_gib() -> float:
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal:"):
            return round(int(line.split()[1]) / 1024 / 1024, 1)
    return 0.0


def _cpu_model() -> str:
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor()


def postgres_version() -> str | None:
    try:
        import psycopg

        with psycopg.connect(f"{PG_SERVER}/postgres", connect_timeout=3) as conn:
            return conn.execute("SHOW server_version").fetchone()[0]
    except Exception:  # no server: the PostgreSQL parts are skipped and say so
        return None


def machine() -> dict:
    return {
        "cores": os.cpu_count(),
        "cpu": _cpu_model(),
        "memory_gib": _meminfo_gib(),
        "load_avg": list(os.getloadavg()),
        "os": platform.platform(),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "postgresql": postgres_version(),
        "spiffworkflow": metadata.version("SpiffWorkflow"),
        "sqlalchemy": metadata.version("SQLAlchemy"),
        "weasyprint": metadata.version("weasyprint"),
    }


def print_machine(info: dict) -> None:
    print(
        f"machine: {info['cores']} cores ({info['cpu']}), {info['memory_gib']} GiB, "
        f"load {info['load_avg'][0]:.2f}; Python {info['python']}, SQLite {info['sqlite']}, "
        f"PostgreSQL {info['postgresql'] or 'unavailable'}, "
        f"SpiffWorkflow {info['spiffworkflow']}",
        flush=True,
    )


# --- figures --------------------------------------------------------------------------------


def quantile(values: list[float], q: float) -> float:
    """Linear interpolation between closest ranks (numpy's default)."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    position = (len(ordered) - 1) * q
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def summary(values: list[float]) -> dict:
    """n, median, p95, p99, min, max of a list of samples (same unit as the samples)."""
    return {
        "n": len(values),
        "median": statistics.median(values) if values else float("nan"),
        "p95": quantile(values, 0.95),
        "p99": quantile(values, 0.99),
        "min": min(values) if values else float("nan"),
        "max": max(values) if values else float("nan"),
    }


def figure(
    value: float,
    unit: str,
    goal: float | None = None,
    op: str = "<=",
    baseline: float | None = None,
    baseline_name: str | None = None,
    **extra,
) -> dict:
    """One reported figure; `met` says whether it reached its goal (None when it has none)."""
    met = None
    if goal is not None:
        met = value <= goal if op == "<=" else value >= goal
    result = {"value": value, "unit": unit, "goal": goal, "op": op, "met": met, **extra}
    if baseline is not None:
        result["baseline"] = baseline
        result["baseline_name"] = baseline_name
        result["ratio"] = value / baseline if baseline else None
    return result


def ms(seconds: float) -> float:
    return seconds * 1000.0


@contextmanager
def stopwatch() -> Iterator[list[float]]:
    """`with stopwatch() as t:` ... then t[0] is the elapsed seconds."""
    elapsed: list[float] = []
    start = time.perf_counter()
    try:
        yield elapsed
    finally:
        elapsed.append(time.perf_counter() - start)


def timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def log(message: str) -> None:
    print(message, flush=True)


# --- results --------------------------------------------------------------------------------


def write_json(path: Path, payload: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(payload, ensure_ascii=False, indent=2, default=str) + "\n")


def cli(description: str) -> argparse.Namespace:
    """The options every benchmark module takes when run on its own."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--quick", action="store_true", help="smaller sizes (bench-quick)")
    parser.add_argument("--json", type=Path, help="write this module's results here")
    parser.add_argument("--profile", action="store_true", help="profile even when goals are met")
    return parser.parse_args()


def run_module(name: str, description: str, measure: Callable[[bool, bool], dict]) -> None:
    """Entry point of `python -m bench.<module>`: machine, measure, print, write JSON."""
    args = cli(description)
    info = machine()
    print_machine(info)
    started = time.perf_counter()
    result = measure(args.quick, args.profile)
    result["seconds"] = round(time.perf_counter() - started, 1)
    payload = {"machine": info, "quick": args.quick, name: result}
    print(json.dumps(result.get("figures", {}), ensure_ascii=False, indent=1, default=str))
    if args.json:
        write_json(args.json, payload)
    sys.stdout.flush()
