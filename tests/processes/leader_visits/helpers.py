"""Playing a semester: open the cases as the scheduler does, record visits through the API."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select

from scheduler.housekeeping import Housekeeping
from scheduler.runner import tick
from tests.helpers import complete, inbox
from webapp.extensions import db

SHANGHAI = ZoneInfo("Asia/Shanghai")
RECORD = "登记校领导听课与实习巡查"
FOLLOW_UP = "督促未达标学校"
ON_TARGET = {"secretary": (10, 1), "principal": (10, 1), "teaching_vp": (10, 1)}


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=SHANGHAI)


def housekeeping(app, clock) -> None:
    """What the scheduler service does hourly (a fresh service is due at once)."""
    tick(app, clock, Housekeeping())


def record_task(caller) -> dict:
    items = [item for item in inbox(caller, process="leader_visits") if item["name"] == RECORD]
    assert len(items) == 1, items
    return items[0]


def class_visit(leader: str, day: str = "2026-03-02", **more) -> dict:
    return {"leader": leader, "kind": "class", "visit_date": day, "course": "机械制图",
            "class_name": "机电2301班", "teacher": "王老师", **more}  # fmt: skip


def site_visit(leader: str, day: str = "2026-03-02", **more) -> dict:
    return {"leader": leader, "kind": "site", "visit_date": day,
            "enterprise": "沈阳华晨汽车零部件有限公司", **more}  # fmt: skip


def record(caller, data: dict, status: int = 200) -> dict:
    return complete(caller, record_task(caller)["id"], data, status=status)


def record_plan(caller, plan: dict[str, tuple[int, int]], day: str = "2026-03-02") -> None:
    for leader, (classes, sites) in plan.items():
        for _ in range(classes):
            record(caller, class_visit(leader, day))
        for _ in range(sites):
            record(caller, site_visit(leader, day))


def notifications_of(app, username: str) -> list[str]:
    from webapp.models import Notification, User

    with app.app_context():
        user = db.session.scalar(select(User).where(User.username == username))
        return list(
            db.session.scalars(
                select(Notification.title)
                .where(Notification.user_id == user.id)
                .order_by(Notification.id)
            )
        )
