"""Demo cases, so a fresh `make run` shows living inboxes and a supervision dashboard."""

from __future__ import annotations

from sqlalchemy import func, select

from webapp.clock import Clock
from webapp.extensions import db
from webapp.local_time import local_date
from webapp.models import ProcessInstance, User
from webapp.processes.registry import current as installed_processes
from webapp.services import instances


def demo_user(username: str) -> User:
    """A demo user by name, for the processes' demo data."""
    return db.session.scalar(select(User).where(User.username == username))


def first_task(instance: ProcessInstance):
    return instances.open_items(instance)[0]


def load_demo_cases(clock: Clock, forms_dir: str) -> int:
    """Each installed process's demo cases, once (nothing when any case exists already);
    returns how many were started."""
    if db.session.scalar(select(func.count()).select_from(ProcessInstance)):
        return 0
    today = local_date(clock.now())
    demos = [module.demo for module in installed_processes().modules if module.demo]
    return sum(demo(today, clock, forms_dir) for demo in demos)
