"""BENCHMARKS.md's section for workload 7 (subsidy checks), called by bench/report.py."""

from __future__ import annotations

import statistics


def _row(label: str, runs: dict, cell) -> str:
    return f"| {label} | " + " | ".join(cell(run) for run in runs.values()) + " |"


def _plans(runs: dict) -> list[str]:
    lines = []
    for kind, run in runs.items():
        for plan in run["check"].get("plans", []):
            lines += [
                "",
                f"<details><summary>Plan {kind} — {plan['label']} ({plan['ms']:,.0f} ms)</summary>",
                "",
                "```sql",
                plan["sql"][:1500],
                "```",
                "```",
                *plan["plan"],
                "```",
                "</details>",
            ]
    return lines + [""] if lines else []


def _statement_ms(statements: list[dict], label: str) -> str:
    times = [s["ms"] for s in statements if s["label"] == label]
    return f"{sum(times):,.0f}" if times else "–"  # – : not reached (stopped) or under 1 ms


def _check_cell(x: dict) -> str:
    check = x["check"]
    if check["interrupted"]:
        return f"stopped after {check['seconds'][-1]:,.0f} s, in {check['interrupted']}"
    each = ", ".join(f"{s:.2f}" for s in check["seconds"])
    return f"{statistics.median(check['seconds']):,.2f} ({each})"


def subsidy(r: dict) -> list[str]:
    runs, sizes = r["runs"], r["sizes"]
    kinds = list(runs)
    scale = sizes["recipients"] / sizes["loop_sample"]
    lines = [
        f"Registry export: {sizes['registry_rows']:,} rows (seeded CSV); {sizes['schools']} schools, "
        f"{sizes['recipients']:,} recipient rows in one 国家助学金 round (the round and its "
        f"{sizes['schools']} cases inserted directly, not through `rounds.open_round`). Import: one "
        f"`import_registry` per database; checks: median of {sizes['repetitions']} runs of "
        "`checks.run` over the whole round + commit; both in a fresh process, peak RSS its own. "
        f"The loop baseline ran on a seeded sample of {sizes['loop_sample']:,} rows and is **scaled** "
        f"(× {scale:,.0f}) to the round: an extrapolation, not a measured run over every row.",
        "",
        "| | " + " | ".join(kinds) + " |",
        "|---|" + "---|" * len(kinds),
    ]
    lines += [
        _row("import: seconds", runs, lambda x: f"{x['import']['seconds']:,.1f}"),
        _row(
            "import: rows/s", runs, lambda x: f"{x['import']['rows'] / x['import']['seconds']:,.0f}"
        ),
        _row("import: peak RSS MB", runs, lambda x: f"{x['import']['peak_rss_mb']:,.0f}"),
        _row("checks: median s (each run)", runs, _check_cell),
        _row("checks: peak RSS MB", runs, lambda x: f"{x['check']['peak_rss_mb']:,.0f}"),
        _row(
            "loop: sample rows, s, ms per row",
            runs,
            lambda x: (
                f"{x['loop']['rows']:,}, {x['loop']['seconds']:.2f}, {x['loop']['per_row_ms']:.2f}"
            ),
        ),
        _row(
            "loop: scaled to the round, s",
            runs,
            lambda x: f"{x['loop']['seconds'] * scale:,.0f}",
        ),
        _row(
            "set-based is faster by",
            runs,
            lambda x: (
                ("< " if x["check"]["interrupted"] else "")
                + f"{x['loop']['seconds'] * scale / statistics.median(x['check']['seconds']):,.1f}×"
            ),
        ),
        _row(
            "loop and set-based disagree on (row, flag)",
            runs,
            lambda x: (
                f"{x['loop']['disagreements'] if x['loop']['disagreements'] is not None else '–'}"
                f" of {x['loop']['flags']}"
            ),
        ),
        _row(
            "rows flagged",
            runs,
            lambda x: (
                f"{x['flagged_rows']:,} ({100 * x['flagged_rows'] / sizes['recipients']:.1f} %)"
            ),
        ),
    ]
    names = list(dict.fromkeys(n for run in runs.values() for n in run.get("experiments", {})))
    for name in names:
        lines.append(
            _row(
                f"what-if `{name}`: checks median s (each run)",
                runs,
                lambda x, n=name: (
                    _check_cell({"check": x["experiments"][n]})
                    if n in x.get("experiments", {})
                    else "–"
                ),
            )
        )
    codes = list(dict.fromkeys(c for run in runs.values() for c in run["counts"]))
    lines += ["", "| flag | " + " | ".join(kinds) + " |", "|---|" + "---|" * len(kinds)]
    for code in sorted(codes):
        lines.append(_row(f"`{code}`", runs, lambda x, c=code: f"{x['counts'].get(c, 0):,}"))
    labels = list(
        dict.fromkeys(s["label"] for run in runs.values() for s in run["check"]["statements"])
    )
    lines += [
        "",
        "| statement of `checks.run` (last run), ms | " + " | ".join(kinds) + " |",
        "|---|" + "---|" * len(kinds),
    ]
    for label in labels:
        lines.append(
            _row(
                label,
                runs,
                lambda x, lb=label: _statement_ms(x["check"]["statements"], lb),
            )
        )
    return lines + [""] + _plans(runs)
