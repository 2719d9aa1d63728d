"""The inbox row for each ready user task."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String, UniqueConstraint, false, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.extensions import db

from .org import Organisation
from .process import ProcessInstance
from .types import UTCDateTime
from .user import User

# A lane names who acts; the lane's role plus the instance's school/city make the candidate scope.
LANE_ROLES = {
    "school": "school_staff",
    "city": "city_official",
    "province": "provincial_official",
    "supervisor": "supervisor",
    "expert": "expert",
    # No user has this role: people outside the system answer through a one-time link that their
    # process's pages serve.
    "guardian": "guardian",
}

# How a lane reads on pages: a diagram's lane labels, and who holds a step nobody has claimed.
LANE_LABELS = {
    "school": "学校",
    "city": "市教育局",
    "province": "省教育厅",
    "supervisor": "教育督导",
    "expert": "评审专家",
    "guardian": "监护人",
    "starter": "发起人",  # the person who started the case (deploy.KNOWN_LANES)
}

# "missed": a step whose deadline passed and which a timer then took away; it stays before the
# supervisors as overdue until the process says it was made good ("missed_closed").
ITEM_STATUSES = {
    "open": "待办",
    "completed": "已办",
    "cancelled": "已取消",
    "missed": "逾期未办",
    "missed_closed": "逾期未办（已了结）",
}


# Partial indexes over open items only: a season's closed items never enter them. A query uses
# them when it says `status = 'open'` as written here (a literal, not a bound parameter, which
# SQLite's planner cannot match against the index's condition).
IS_OPEN = text("work_item.status = 'open'")
NAMED, CLAIMED = "candidate_user_id IS NOT NULL", "assignee_id IS NOT NULL"


def _where(condition: str) -> dict:
    return {"sqlite_where": text(condition), "postgresql_where": text(condition)}


# Open, naming nobody and claimed by nobody: the items a role's scope decides (so counting
# them reads the index alone).
OPEN_TO_ROLE = _where("status = 'open' AND candidate_user_id IS NULL AND assignee_id IS NULL")
OPEN_NAMED = _where(f"status = 'open' AND {NAMED}")
OPEN_CLAIMED = _where(f"status = 'open' AND {CLAIMED}")


class WorkItem(db.Model):
    __tablename__ = "work_item"
    __table_args__ = (
        UniqueConstraint("instance_id", "task_id", name="uq_work_item_instance_task"),
        # The inbox reads one of these per way of being a candidate, in due order.
        Index("ix_work_item_open_school", "role", "school_id", "due_at", "id", **OPEN_TO_ROLE),
        Index("ix_work_item_open_city", "role", "city_id", "due_at", "id", **OPEN_TO_ROLE),
        Index("ix_work_item_open_role", "role", "due_at", "id", **OPEN_TO_ROLE),
        Index("ix_work_item_open_candidate", "candidate_user_id", "due_at", "id", **OPEN_NAMED),
        Index("ix_work_item_open_assignee", "assignee_id", "due_at", "id", **OPEN_CLAIMED),
        # Only rows that name someone: most name nobody, and an index holding those could be
        # taken for a `candidate_user_id IS NULL` condition, a scan of nearly every row.
        Index("ix_work_item_candidate", "candidate_user_id", "status", **_where(NAMED)),
        Index("ix_work_item_assignee", "assignee_id", "status", **_where(CLAIMED)),
        Index("ix_work_item_done_by", "completed_by_id", "completed_at"),
        Index("ix_work_item_instance_status", "instance_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    instance_id: Mapped[int] = mapped_column(ForeignKey("process_instance.id"))
    task_id: Mapped[str] = mapped_column(String(36))
    spec_id: Mapped[str] = mapped_column(String(100))
    name: Mapped[str] = mapped_column(String(200))
    process_key: Mapped[str] = mapped_column(String(100), index=True)
    form_key: Mapped[str] = mapped_column(String(100))
    lane: Mapped[str | None] = mapped_column(String(50))
    role: Mapped[str | None] = mapped_column(String(32))
    school_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"))
    city_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"))
    candidate_user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    status: Mapped[str] = mapped_column(String(16), default="open")
    due_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    completed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    title: Mapped[str] = mapped_column(String(300), default="")
    # A due date counted in working days of a year with no calendar data yet is provisional;
    # due_basis ({"from": ISO date, "working_days": n}) lets it be recomputed when data arrives.
    due_provisional: Mapped[bool] = mapped_column(default=False, server_default=false())
    due_basis: Mapped[dict | None] = mapped_column(JSON)
    # '' until something happens to it: 'reminded' before its due date, 'overdue' after.
    escalation: Mapped[str] = mapped_column(String(16), default="", server_default="")

    instance: Mapped[ProcessInstance] = relationship()
    school: Mapped[Organisation | None] = relationship(foreign_keys=[school_id])
    city: Mapped[Organisation | None] = relationship(foreign_keys=[city_id])
    assignee: Mapped[User | None] = relationship(foreign_keys=[assignee_id])
    completed_by: Mapped[User | None] = relationship(foreign_keys=[completed_by_id])

    @property
    def status_label(self) -> str:
        return ITEM_STATUSES.get(self.status, self.status)
