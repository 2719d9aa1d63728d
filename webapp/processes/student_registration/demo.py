"""Demo 新生学籍注册 batches: one long past its deadline, one just recorded."""

from __future__ import annotations

from datetime import date, timedelta

from webapp.cli.demo_cases import demo_user, first_task
from webapp.clock import Clock
from webapp.services import instances, tasks

from .rules import registration_cap


def _batch(today: date, days_ago: int) -> dict:
    """A batch enrolled `days_ago` days before today (or before its intake's cap, if earlier)."""
    intake = "autumn" if 5 <= today.month <= 12 else "spring"
    cap = date.fromisoformat(registration_cap(today.isoformat(), intake))
    enrolled = min(today, cap) - timedelta(days=days_ago)
    return {"intake": intake, "enrolled_on": enrolled.isoformat(), "student_count": 240}


def load(today: date, clock: Clock, forms_dir: str) -> int:
    school, school2 = demo_user("school"), demo_user("school2")
    overdue = instances.start("student_registration", school2, clock)
    tasks.complete(first_task(overdue).id, school2, _batch(today, 40), clock, forms_dir)
    fresh = instances.start("student_registration", school, clock)
    tasks.complete(first_task(fresh).id, school, _batch(today, 2), clock, forms_dir)
    return 2
