"""The hazards panel of a 安全隐患排查整治 case page: each hazard with its level, deadline,
status, photos and the school's evidence (engine data is not the only view)."""

from __future__ import annotations

from webapp.local_time import local_date
from webapp.models import ProcessInstance, User

from . import hazards
from .rules import CATEGORIES, LEVELS


def case_panel(instance: ProcessInstance, _user: User) -> dict:
    states = hazards.progress(instance)
    rows = []
    for hazard in hazards.of_case(instance):
        state = states.get(hazard.number, hazards.Progress())
        rows.append(
            {
                "hazard": hazard,
                "category": CATEGORIES.get(hazard.category, hazard.category),
                "level": LEVELS.get(hazard.level, hazard.level),
                "deadline": local_date(hazard.deadline).isoformat(),
                "state": state,
            }
        )
    return {"hazard_rows": rows}
