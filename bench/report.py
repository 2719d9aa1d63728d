"""BENCHMARKS.md's figures, generated from bench/results/latest.json (and latest-quick.json).

Only the part between the markers is rewritten; the prose around it is written by hand.
    python -m bench.report      # regenerate from the stored JSON
"""

from __future__ import annotations

import json
from pathlib import Path

from bench.common import RESULTS_DIR, ROOT
from bench.report_subsidy import subsidy

BENCHMARKS_MD = ROOT / "BENCHMARKS.md"
BEGIN, END = "<!-- figures:begin -->", "<!-- figures:end -->"
TITLES = {
    "engine_overhead": "1. Engine overhead",
    "http_throughput": "2. Throughput over HTTP",
    "inbox": "3. Inbox",
    "timers": "4. Timers",
    "documents": "5. Documents",
    "storage": "6. Storage",
    "subsidy": "7. Subsidy checks",
}


def fmt(value, unit: str = "") -> str:
    if value is None:
        return "–"
    if unit == "bool":
        return "yes" if value else "NO"
    if unit == "B":
        return f"{value:,.0f} B ({value / 1024:,.1f} KiB)"
    if isinstance(value, float):
        text = f"{value:,.2f}" if abs(value) < 100 else f"{value:,.0f}"
    else:
        text = f"{value:,}"
    return f"{text} {unit}".strip()


def _figures_table(figures: dict) -> list[str]:
    lines = [
        "| figure | measured | goal | met | baseline | ratio to baseline |",
        "|---|---|---|---|---|---|",
    ]
    for name, f in figures.items():
        goal = f"{f['op']} {fmt(f['goal'], f['unit'])}" if f.get("goal") is not None else "–"
        met = {True: "met", False: "**MISSED**", None: "–"}[f.get("met")]
        base = f"{fmt(f['baseline'], f['unit'])} ({f['baseline_name']})" if "baseline" in f else "–"
        ratio = f"{f['ratio']:.2f}×" if f.get("ratio") is not None else "–"
        value = f"{f.get('bound', '')} {fmt(f['value'], f['unit'])}".strip()  # > : it was stopped
        lines.append(f"| {name} | {value} | {goal} | {met} | {base} | {ratio} |")
    return lines


def _profile(p: dict) -> list[str]:
    lines = [f"Profile ({p['tool']}): {p['label']}, {fmt(p['total_ms'], 'ms')} in all.", ""]
    lines += ["| hottest self time | ms | % |", "|---|---|---|"]
    lines += [f"| `{r['function']}` | {r['ms']} | {r['pct']} |" for r in p["self"][:10]]
    lines += ["", "| our functions, inclusive | ms | % |", "|---|---|---|"]
    ours = [r for r in p["project"] if "(bench/" not in r["function"]]  # the harness itself
    lines += [f"| `{r['function']}` | {r['ms']} | {r['pct']} |" for r in ours[:12]]
    lines += [
        "",
        "<details><summary>call tree</summary>",
        "",
        "```",
        p["tree"],
        "```",
        "</details>",
    ]
    return lines + [""]


def _engine(r: dict) -> list[str]:
    kinds = list(r["breakdown_ms"])
    lines = [f"Step: {r['step']}; {r['repetitions']} repetitions, medians.", ""]
    lines += ["| part of one service step (median ms) | " + " | ".join(kinds) + " |"]
    lines += ["|---|" + "---|" * len(kinds)]
    for part in r["breakdown_ms"][kinds[0]]:
        lines.append(
            f"| {part} | " + " | ".join(f"{r['breakdown_ms'][k][part]:.2f}" for k in kinds) + " |"
        )
    parts = r["adapter_parts_ms"][kinds[0]]
    lines += [
        "",
        "Adapter in memory: " + ", ".join(f"{k} {v:.2f} ms" for k, v in parts.items()),
        "",
    ]
    for kind, crowded in (r.get("among_others") or {}).items():
        lines += [
            f"Among others ({kind}): {crowded['others']:,} other cases ({crowded['rows']:,} rows) "
            f"added, then the step: median {crowded['service_ms']['median']:.2f} ms, "
            f"p95 {crowded['service_ms']['p95']:.2f} ms.",
            "",
        ]
    return lines


def _http(r: dict) -> list[str]:
    lines = [
        "| database | run | completions/s | p50 ms | p95 ms | p99 ms | failed | ran out |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for kind, run in r["runs"].items():
        for n, load in enumerate(run["loads"], 1):
            lat = load["latency_ms"]
            lines.append(
                f"| {kind} | {n} | {load['per_second']:.1f} | {lat['median']:.1f} | {lat['p95']:.1f} "
                f"| {lat['p99']:.1f} | {load['failed'] or 0} | {load['ran_out']} |"
            )
        floor = run["floor"][0]
        lines.append(
            f"| {kind} | floor (GET notifications) | {floor['per_second']:.1f} | "
            f"{floor['latency_ms']['median']:.1f} | {floor['latency_ms']['p95']:.1f} | "
            f"{floor['latency_ms']['p99']:.1f} | {floor['failed'] or 0} | – |"
        )
    return lines + [""]


def _inbox(r: dict) -> list[str]:
    lines = []
    for kind, run in r["runs"].items():
        loaded = run["loaded"]
        lines += [
            f"{kind}: {loaded['work_items']:,} work items in {loaded['instances']:,} cases.",
            "",
        ]
        tenth = run.get("tenth", {})
        lines += [
            "| query | rows counted (cap 1,000) | median ms | p95 ms | p99 ms "
            f"| p95 ms at {tenth.get('work_items', 0):,} items |",
            "|---|---|---|---|---|---|",
        ]
        for name, s in run["latency_ms"].items():
            size = run["result_sizes"].get(name)
            small = tenth.get("latency_ms", {}).get(name, {}).get("p95")
            lines.append(
                f"| {name} | {size:,} | {s['median']:.2f} | {s['p95']:.2f} | {s['p99']:.2f} "
                f"| {'' if small is None else f'{small:.2f}'} |"
            )
        for name, plans in run["explain"].items():
            lines += ["", f"<details><summary>EXPLAIN {kind} — {name} (missed)</summary>", ""]
            for plan in plans:
                lines += ["```sql", plan["sql"][:1200], "```", "```", *plan["plan"], "```"]
            lines += ["</details>"]
        lines.append("")
    return lines


def _timers(r: dict) -> list[str]:
    one, two = r["drain_one_process"], r["drain_two_processes"]
    return [
        f"Drain: one process {one['rows']} rows in {one['seconds']:.1f} s; two processes "
        f"{two['rows']} rows in {two['seconds']:.1f} s (fired per process: {two['fired_by_process']}).",
        f"Exactly once (drain): {r['verify_drain']}.",
        f"Steady state: {r['steady']['timers']} timers, lateness (s) median {r['lateness_s']['median']:.3f}, "
        f"p95 {r['lateness_s']['p95']:.3f}, p99 {r['lateness_s']['p99']:.3f}, max {r['lateness_s']['max']:.3f}; "
        f"exactly once: {r['steady']['verify']}.",
        "",
    ]


def _documents(r: dict) -> list[str]:
    named = "; ".join(f"{k}: {v}" for k, v in (r.get("documents") or r.get("stand_ins")).items())
    sizes = ", ".join(f"{k} {v:,.0f} B" for k, v in r["pdf_bytes"].items())
    fonts = "; ".join(
        f"{k}: {v['fonts']} fonts, "
        + (
            "all embedded subsets with Unicode maps"
            if v["all_embedded_subset_unicode"]
            else "NOT all embedded subsets with Unicode maps"
        )
        if v.get("checked")
        else f"{k}: not checked (no pdffonts)"
        for k, v in (r.get("fonts") or {}).items()
    )
    return [
        f"Documents: {named}. PDF sizes: {sizes}. Fonts (pdffonts): {fonts}. "
        f"Issue median {r['issue_ms']['median']:.0f} ms, render median {r['render_ms']['median']:.0f} ms, "
        f"one-paragraph page {r['minimal_ms']['median']:.0f} ms.",
        "",
    ]


def _storage(r: dict) -> list[str]:
    lines = [
        f"Case: {r['case']}.",
        "",
        "| part | rows | stored bytes | raw bytes |",
        "|---|---|---|---|",
    ]
    for part, p in r["split"].items():
        lines.append(f"| {part} | {p['rows']} | {p['bytes']:,} | {p['raw_bytes']:,} |")
    lines += [
        "",
        f"PDF files (outside the database): {r['pdf']['files']} files, {r['pdf']['bytes']:,} B.",
        "",
    ]
    lines += ["| history events by action | rows | bytes |", "|---|---|---|"]
    lines += [f"| {e['action']} | {e['rows']} | {e['bytes']:,} |" for e in r["largest_event_kinds"]]
    return lines + [""]


DETAILS = {
    "engine_overhead": _engine,
    "http_throughput": _http,
    "inbox": _inbox,
    "timers": _timers,
    "documents": _documents,
    "storage": _storage,
    "subsidy": subsidy,
}


def _measured(payload: dict, result: dict) -> str:
    """The date of a result merged in from a later run (`bench.run --merge`), else nothing."""
    at = result.get("measured_at", payload["started_at"])
    later = [m for m in payload.get("merged", []) if payload["started_at"] < m["started_at"] <= at]
    if not later:
        return ""
    run = max(later, key=lambda m: m["started_at"])
    load = run["machine"]["load_avg"][0]
    return f" (measured {at} by a later run merged in with --merge; load {load:.2f} at its start)"


def render_run(payload: dict, title: str) -> list[str]:
    m = payload["machine"]
    lines = [
        f"### {title}: {payload['started_at']}, {payload['total_seconds']:.0f} s",
        "",
        f"Machine: {m['cores']} cores ({m['cpu']}), {m['memory_gib']} GiB, load {m['load_avg'][0]:.2f} at start; "
        f"{m['os']}; Python {m['python']}, SQLite {m['sqlite']}, PostgreSQL {m['postgresql']}, "
        f"SpiffWorkflow {m['spiffworkflow']}, SQLAlchemy {m['sqlalchemy']}, WeasyPrint {m['weasyprint']}.",
        "",
    ]
    merged = [
        f"{', '.join(r['modules'])} at {r['started_at']} ({r['total_seconds']:.0f} s, load "
        f"{r['machine']['load_avg'][0]:.2f})"
        for r in payload.get("merged", [])
    ]
    if merged:
        lines += [
            "Merged in later (`bench.run --only … --merge`), each section saying when it was "
            f"measured: {'; '.join(merged)}.",
            "",
        ]
    misses = [
        f"{TITLES[n]}: {k} = {f.get('bound', '')}{fmt(f['value'], f['unit'])} (goal {f['op']} {fmt(f['goal'], f['unit'])})"
        for n, r in payload["results"].items()
        for k, f in r.get("figures", {}).items()
        if f.get("met") is False
    ]
    lines += ["Misses: " + ("none." if not misses else ""), *[f"- {m}" for m in misses], ""]
    for name, result in payload["results"].items():
        lines += [f"#### {TITLES[name]}{_measured(payload, result)}", ""]
        if "error" in result or "skipped" in result:
            lines += [f"Not measured: {result.get('error') or result.get('skipped')}.", ""]
            continue
        lines += _figures_table(result["figures"]) + [""]
        lines += DETAILS[name](result)
        for p in result.get("profiles", []):
            lines += _profile(p)
    return lines


def render() -> str:
    lines = [
        "## Latest figures",
        "",
        "Generated by `bench/report.py` from `bench/results/latest.json`"
        " (full run) and `latest-quick.json` (quick run); do not edit by hand.",
        "",
    ]
    for filename, title in (("latest.json", "Full run"), ("latest-quick.json", "Quick run")):
        path = RESULTS_DIR / filename
        if path.exists():
            lines += render_run(json.loads(path.read_text()), title)
        else:
            lines += [
                f"### {title}",
                "",
                f"Not run yet (`{path.relative_to(ROOT)}` is missing).",
                "",
            ]
    return "\n".join(lines)


def update_benchmarks_md(path: Path = BENCHMARKS_MD) -> None:
    text = path.read_text() if path.exists() else f"# Benchmarks\n\n{BEGIN}\n{END}\n"
    head, rest = text.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    path.write_text(f"{head}{BEGIN}\n{render()}\n{END}{tail}")


if __name__ == "__main__":
    update_benchmarks_md()
