"""Demo 办学情况报送 cases: one waiting for its city, one draft the school has not sent."""

from __future__ import annotations

from datetime import date

from webapp.cli.demo_cases import demo_user, first_task
from webapp.clock import Clock
from webapp.services import instances, tasks

REPORT = {
    "period": "2026年秋季学期",
    "enrolled": 1460,
    "full_time_teachers": 78,
    "summary": "本学期招生、教学、实习情况正常，无重大安全事件。",
}


def load(today: date, clock: Clock, forms_dir: str) -> int:
    school = demo_user("school")
    waiting_for_city = instances.start("school_report", school, clock)
    tasks.complete(first_task(waiting_for_city).id, school, REPORT, clock, forms_dir)
    instances.start("school_report", demo_user("school2"), clock)  # a draft not sent yet
    return 2
