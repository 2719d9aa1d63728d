"""Demo 新生学籍注册 batches: one long past its deadline, one just recorded."""

from __future__ import annotations

from datetime import date, timedelta

from stdnum.cn import ric

from webapp.cli.demo_cases import demo_user, first_task
from webapp.clock import Clock
from webapp.services import instances, tasks

from .rules import registration_cap

STUDENTS = 40  # per demo batch


def _batch(today: date, days_ago: int) -> dict:
    """A batch enrolled `days_ago` days before today (or before its intake's cap, if earlier)."""
    intake = "autumn" if 5 <= today.month <= 12 else "spring"
    cap = date.fromisoformat(registration_cap(today.isoformat(), intake))
    enrolled = min(today, cap) - timedelta(days=days_ago)
    return {
        "intake": intake,
        "enrolled_on": enrolled.isoformat(),
        "student_count": STUDENTS,
        "students": _roster(days_ago),
    }


def _roster(batch: int) -> list[dict]:
    """Synthetic new students born in 2010 (no registry holds them)."""
    rows = []
    for serial in range(STUDENTS):
        body = f"2101022010{batch % 12 + 1:02d}{serial % 28 + 1:02d}{serial:03d}"
        rows.append(
            {
                "name": f"演示新生{batch}-{serial + 1}",
                "id_number": body + ric.calc_check_digit(body + "0"),
            }
        )
    return rows


def load(today: date, clock: Clock, forms_dir: str) -> int:
    school, school2 = demo_user("school"), demo_user("school2")
    overdue = instances.start("student_registration", school2, clock)
    tasks.complete(first_task(overdue).id, school2, _batch(today, 40), clock, forms_dir)
    fresh = instances.start("student_registration", school, clock)
    tasks.complete(first_task(fresh).id, school, _batch(today, 2), clock, forms_dir)
    return 2
