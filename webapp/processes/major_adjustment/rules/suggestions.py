"""Which offered majors the system suggests stopping or adjusting each year (§3: 停撤不适应
社会需求的专业, 撤并淘汰……就业率低……的专业): employment below a threshold for the last N
years running, or no students enrolled in the latest intake year."""

from __future__ import annotations


def low_majors(majors: list[dict], year: int, threshold: float, years: int) -> list[dict]:
    """majors: [{code, name, status, employment {year: %}, enrollment {year: n}}] of one school.
    The ones to suggest, each with its reason in Chinese."""
    found = []
    for major in majors:
        if major.get("status") != "enrolling":
            continue
        reason = _low_employment(major.get("employment") or {}, year, threshold, years)
        reason = reason or _no_intake(major.get("enrollment") or {}, year)
        if reason:
            found.append({"code": major["code"], "name": major["name"], "reason": reason})
    return found


def _low_employment(rates: dict, year: int, threshold: float, years: int) -> str | None:
    """The last `years` recorded years, consecutive and recent (the latest no older than two
    years before `year`: rates are published after the graduates' first year out)."""
    rates = {y: r for y, r in rates.items() if str(y).isdecimal() and isinstance(r, int | float)}
    recorded = sorted(int(y) for y in rates)[-years:]
    if len(recorded) < years or recorded[-1] < year - 2:
        return None
    if recorded != list(range(recorded[0], recorded[0] + years)):
        return None
    recent = [str(y) for y in recorded]
    if all(float(rates[y]) < threshold for y in recent):
        shown = "、".join(f"{y}年 {float(rates[y]):g}%" for y in recent)
        return f"近 {years} 年就业率均低于 {threshold:g}%（{shown}）"
    return None


def _no_intake(enrollment: dict, year: int) -> str | None:
    counts = {int(y): n for y, n in enrollment.items() if str(y).isdecimal() and isinstance(n, int)}
    latest = max(counts, default=None)
    if latest is not None and latest >= year - 1 and not counts[latest]:
        return f"{latest}年招生人数为 0"
    return None
