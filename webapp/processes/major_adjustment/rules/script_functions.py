"""Functions the diagram's scripts call: the expert panel's slots and its tally."""

from __future__ import annotations


def expert_slot_list(count: int) -> list[dict]:
    """One slot per invited expert; each slot's task goes to one expert (hooks assign them)."""
    return [{"slot": index + 1} for index in range(int(count))]


def expert_tally(results: list, majority: int) -> dict:
    """The panel's outcome: passed when at least `majority` experts recommend."""
    scored = [result for result in results or [] if isinstance(result, dict)]
    recommending = sum(1 for result in scored if result.get("recommend"))
    totals = [result.get("total", 0) for result in scored]
    return {
        "experts": len(scored),
        "recommending": recommending,
        "needed": int(majority),
        "average": round(sum(totals) / len(totals), 1) if totals else 0,
        "passed": recommending >= int(majority),
    }


def expert_total(conditions: int, plan: int, demand: int, partnership: int) -> int:
    return int(conditions) + int(plan) + int(demand) + int(partnership)


SCRIPT_FUNCTIONS = {
    "expert_slot_list": expert_slot_list,
    "expert_tally": expert_tally,
    "expert_total": expert_total,
}
