"""Demo cases, so a fresh `make run` shows living inboxes and a supervision dashboard."""

from __future__ import annotations

from datetime import date, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from webapp.cli import demo_inspection, demo_internship
from webapp.clock import Clock
from webapp.extensions import db
from webapp.models import ProcessInstance, User
from webapp.processes.student_registration.rules import registration_cap
from webapp.services import instances, tasks

REPORT = {
    "period": "2026年秋季学期",
    "enrolled": 1460,
    "full_time_teachers": 78,
    "summary": "本学期招生、教学、实习情况正常，无重大安全事件。",
}


def _user(username: str) -> User:
    return db.session.scalar(select(User).where(User.username == username))


def _first_task(instance: ProcessInstance):
    return instances.open_items(instance)[0]


def _batch(today: date, days_ago: int) -> dict:
    """A batch enrolled `days_ago` days before today (or before its intake's cap, if earlier)."""
    intake = "autumn" if 5 <= today.month <= 12 else "spring"
    cap = date.fromisoformat(registration_cap(today.isoformat(), intake))
    enrolled = min(today, cap) - timedelta(days=days_ago)
    return {"intake": intake, "enrolled_on": enrolled.isoformat(), "student_count": 240}


def load_demo_cases(clock: Clock, forms_dir: str) -> int:
    """Start a few cases at different stages, once; returns how many were started."""
    if db.session.scalar(select(func.count()).select_from(ProcessInstance)):
        return 0
    today = clock.now().astimezone(ZoneInfo("Asia/Shanghai")).date()
    school, school2 = _user("school"), _user("school2")
    waiting_for_city = instances.start("school_report", school, clock)
    tasks.complete(_first_task(waiting_for_city).id, school, REPORT, clock, forms_dir)
    instances.start("school_report", school2, clock)  # a draft the school has not sent yet
    overdue = instances.start("student_registration", school2, clock)
    tasks.complete(_first_task(overdue).id, school2, _batch(today, 40), clock, forms_dir)
    fresh = instances.start("student_registration", school, clock)
    tasks.complete(_first_task(fresh).id, school, _batch(today, 2), clock, forms_dir)
    started = 4 + demo_internship.load(school, _user("city"), today, clock, forms_dir)
    return started + demo_inspection.load(
        _user("province"), _user("city"), school, school2, today, clock, forms_dir
    )
