"""Run the benchmarks, each in its own process; merge their JSON; regenerate BENCHMARKS.md.

python -m bench.run            # full (make bench): bench/results/latest.json
python -m bench.run --quick    # smaller sizes (make bench-quick): bench/results/latest-quick.json
python -m bench.run --only inbox timers   # a subset: written beside, latest* untouched
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time

from bench.common import RESULTS_DIR, ROOT, log, machine, print_machine, write_json

MODULES = ["engine_overhead", "http_throughput", "inbox", "timers", "documents", "storage"]
DATABASES = [
    "bench_engine",
    "bench_http",
    "bench_http_profile",
    "bench_inbox",
    "bench_timers",
    "bench_timers_steady",
    "bench_storage",
]


def _run_module(name: str, quick: bool, profile: bool, stamp: str) -> dict:
    out = RESULTS_DIR / f"{stamp}-{name}.json"
    command = [sys.executable, "-m", f"bench.{name}", "--json", str(out)]
    command += ["--quick"] if quick else []
    command += ["--profile"] if profile else []
    log(f"== {name}")
    started = time.perf_counter()
    proc = subprocess.run(command, cwd=ROOT, check=False)
    seconds = round(time.perf_counter() - started, 1)
    if proc.returncode != 0 or not out.exists():
        return {"error": f"exit status {proc.returncode}", "seconds": seconds}
    result = json.loads(out.read_text())[name]
    out.unlink()
    result["wall_seconds"] = seconds
    return result


def _drop_databases() -> None:
    """The workloads' databases take gigabytes (the inbox's million rows); each run rebuilds them."""
    from bench.fixtures import drop_postgres

    for name in DATABASES:
        drop_postgres(name)


def main() -> None:
    parser = argparse.ArgumentParser(description="Run the benchmarks (see BENCHMARKS.md)")
    parser.add_argument("--quick", action="store_true", help="smaller sizes, under two minutes")
    parser.add_argument("--only", nargs="+", choices=MODULES, help="run only these")
    parser.add_argument("--profile", action="store_true", help="profile even goals that are met")
    parser.add_argument("--keep", action="store_true", help="keep the PostgreSQL databases")
    args = parser.parse_args()
    from webapp.clock import SystemClock

    started_at = SystemClock().now()
    stamp = started_at.strftime("%Y%m%dT%H%M%SZ")
    info = machine()
    print_machine(info)
    began = time.perf_counter()
    results = {
        name: _run_module(name, args.quick, args.profile, stamp) for name in args.only or MODULES
    }
    payload = {
        "started_at": started_at.isoformat(timespec="seconds"),
        "quick": args.quick,
        "machine": info,
        "total_seconds": round(time.perf_counter() - began, 1),
        "results": results,
    }
    if not args.keep and info["postgresql"]:
        _drop_databases()
    kind = "quick" if args.quick else "full"
    write_json(RESULTS_DIR / f"{stamp}-{kind}.json", payload)
    if args.only:
        log(f"partial run written to {RESULTS_DIR / f'{stamp}-{kind}.json'}")
        return
    write_json(RESULTS_DIR / ("latest-quick.json" if args.quick else "latest.json"), payload)
    from bench.report import update_benchmarks_md

    update_benchmarks_md()
    log(f"{kind} run took {payload['total_seconds']} s; BENCHMARKS.md updated")
    for name, result in results.items():
        for key, fig in result.get("figures", {}).items():
            if fig.get("met") is False:
                log(
                    f"  MISS {name}: {key} = {fig['value']:.4g} {fig['unit']} (goal {fig['op']} {fig['goal']})"
                )


if __name__ == "__main__":
    main()
