"""The settings the checks and the row checks read, as values."""

from __future__ import annotations

from webapp.settings_store import service as settings

from .checks import Rules


def _numbers(key: str) -> tuple[int, ...]:
    return tuple(int(part) for part in str(settings.get(key)).split(",") if part.strip())


def tiers() -> dict[str, int]:
    pairs = (part.split(":") for part in str(settings.get("subsidy.grant_tiers")).split(","))
    return {name: int(amount) for name, amount in pairs}


def rules_for(subsidy_type: str) -> Rules:
    grant = subsidy_type == "国家助学金"
    excluded = str(settings.get("subsidy.free_tuition_excluded_majors") or "")
    return Rules(
        grades=_numbers("subsidy.grant_grades" if grant else "subsidy.free_tuition_grades"),
        tiers=tiers() if grant else {},
        free_tuition_yuan=int(settings.get("subsidy.free_tuition_yuan")),
        excluded_majors=tuple(code for code in excluded.split(",") if code),
    )
