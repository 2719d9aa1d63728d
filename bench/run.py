"""Run the benchmarks, each in its own process; merge their JSON; regenerate BENCHMARKS.md.

python -m bench.run            # full (make bench): bench/results/latest.json
python -m bench.run --quick    # smaller sizes (make bench-quick): bench/results/latest-quick.json
python -m bench.run --only inbox timers   # a subset: written beside, latest* untouched
python -m bench.run --only subsidy --merge   # a subset replacing its entries in latest.json
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time

from bench.common import RESULTS_DIR, ROOT, log, machine, print_machine, write_json

MODULES = [
    "engine_overhead",
    "http_throughput",
    "inbox",
    "timers",
    "documents",
    "storage",
    "subsidy",
]
DATABASES = {  # module -> the PostgreSQL databases it creates
    "engine_overhead": ["bench_engine"],
    "http_throughput": ["bench_http", "bench_http_profile"],
    "inbox": ["bench_inbox"],
    "timers": ["bench_timers", "bench_timers_steady"],
    "storage": ["bench_storage"],
    "subsidy": ["bench_subsidy"],
}


def _run_module(name: str, quick: bool, profile: bool, stamp: str) -> dict:
    out = RESULTS_DIR / f"{stamp}-{name}.json"
    command = [sys.executable, "-m", f"bench.{name}", "--json", str(out)]
    command += ["--quick"] if quick else []
    command += ["--profile"] if profile else []
    log(f"== {name}")
    from webapp.clock import SystemClock

    measured_at = SystemClock().now().isoformat(timespec="seconds")
    started = time.perf_counter()
    proc = subprocess.run(command, cwd=ROOT, check=False)
    seconds = round(time.perf_counter() - started, 1)
    if proc.returncode != 0 or not out.exists():
        return {
            "error": f"exit status {proc.returncode}",
            "seconds": seconds,
            "measured_at": measured_at,
        }
    result = json.loads(out.read_text())[name]
    out.unlink()
    result["wall_seconds"] = seconds
    result["measured_at"] = measured_at  # a merged payload holds results of several runs
    return result


def _merge(path, payload: dict) -> dict:
    """`payload`'s results replace theirs in the stored run at `path`; the others stay as they were
    (each result keeps its own measured_at)."""
    if not path.exists():
        return payload
    stored = json.loads(path.read_text())
    for result in stored["results"].values():
        result.setdefault("measured_at", stored["started_at"])  # results from before merging
    results = stored["results"] | payload["results"]
    stored["results"] = {name: results[name] for name in MODULES if name in results}
    replaced = set(payload["results"])  # an earlier merge of the same modules is now history
    stored["merged"] = [m for m in stored.get("merged", []) if set(m["modules"]) - replaced]
    stored["merged"].append(
        {
            "modules": list(payload["results"]),
            "started_at": payload["started_at"],
            "total_seconds": payload["total_seconds"],
            "machine": payload["machine"],
        }
    )
    return stored


def _drop_databases(modules: list[str]) -> None:
    """The workloads' databases take gigabytes (the inbox's million rows); each run rebuilds them.
    Only the databases of the modules that ran are dropped."""
    from bench.fixtures import drop_postgres

    for module in modules:
        for name in DATABASES.get(module, []):
            drop_postgres(name)


def main() -> None:
    parser = argparse.ArgumentParser(description="Run the benchmarks (see BENCHMARKS.md)")
    parser.add_argument("--quick", action="store_true", help="smaller sizes, under two minutes")
    parser.add_argument("--only", nargs="+", choices=MODULES, help="run only these")
    parser.add_argument("--profile", action="store_true", help="profile even goals that are met")
    parser.add_argument("--keep", action="store_true", help="keep the PostgreSQL databases")
    parser.add_argument(
        "--merge",
        action="store_true",
        help="with --only: replace these modules' results in latest*.json, keep the others",
    )
    args = parser.parse_args()
    if args.merge and not args.only:
        parser.error("--merge needs --only")
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
        _drop_databases(list(results))
    kind = "quick" if args.quick else "full"
    write_json(RESULTS_DIR / f"{stamp}-{kind}.json", payload)
    latest = RESULTS_DIR / ("latest-quick.json" if args.quick else "latest.json")
    if args.only and not args.merge:
        log(f"partial run written to {RESULTS_DIR / f'{stamp}-{kind}.json'}")
        return
    if args.merge:
        log(f"partial run written to {RESULTS_DIR / f'{stamp}-{kind}.json'}, merged into {latest}")
        payload = _merge(latest, payload)
    write_json(latest, payload)
    from bench.report import update_benchmarks_md

    update_benchmarks_md()
    log(f"{kind} run took {round(time.perf_counter() - began, 1)} s; BENCHMARKS.md updated")
    for name, result in results.items():
        for key, fig in result.get("figures", {}).items():
            if fig.get("met") is False:
                log(
                    f"  MISS {name}: {key} = {fig['value']:.4g} {fig['unit']} (goal {fig['op']} {fig['goal']})"
                )


if __name__ == "__main__":
    main()
