"""Deployed process versions and the instances running on them; which version is the latest."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, Select, String, Text, UniqueConstraint, func, select
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.extensions import db

from .org import Organisation
from .types import UTCDateTime
from .user import User

# "withdrawn": the school took back a case nobody had acted on yet (撤回); "cancelled": an
# administrator voided it (作废). Both keep the case and its history, and close its open items.
STATUSES = {
    "running": "进行中",
    "completed": "已办结",
    "error": "出错",
    "withdrawn": "已撤回",
    "cancelled": "已作废",
}


class ProcessDefinition(db.Model):
    """One version of one process; specs are stored here once, not in every instance."""

    __tablename__ = "process_definition"
    __table_args__ = (UniqueConstraint("key", "version", name="uq_process_definition_key_version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(100), index=True)
    version: Mapped[int]
    name: Mapped[str] = mapped_column(String(200))
    checksum: Mapped[str] = mapped_column(String(64))
    # Large texts, loaded only when read: a step takes its specs from a per-worker cache.
    spec_json: Mapped[str] = mapped_column(Text, deferred=True)
    bpmn_xml: Mapped[str] = mapped_column(Text, deferred=True)
    user_tasks: Mapped[list] = mapped_column(JSON, default=list)
    source_file: Mapped[str] = mapped_column(String(300), default="")
    deployed_at: Mapped[datetime] = mapped_column(UTCDateTime)


class ProcessInstance(db.Model):
    """A running or finished case; `lock_version` makes concurrent changes fail instead of merge."""

    __tablename__ = "process_instance"
    __table_args__ = (
        Index("ix_process_instance_school_status", "school_id", "status"),
        Index("ix_process_instance_city_status", "city_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    definition_id: Mapped[int] = mapped_column(ForeignKey("process_definition.id"), index=True)
    process_key: Mapped[str] = mapped_column(String(100), index=True)
    title: Mapped[str] = mapped_column(String(300), default="")
    # The case's number (SX-2026-00042), given when it starts: webapp/services/case_keys.py.
    business_key: Mapped[str | None] = mapped_column(String(32), unique=True, index=True)
    school_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"))
    city_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"))
    starter_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"), index=True)
    status: Mapped[str] = mapped_column(String(16), default="running")
    state: Mapped[str] = mapped_column(Text)
    data: Mapped[dict] = mapped_column(JSON, default=dict)
    error: Mapped[str | None] = mapped_column(Text)
    lock_version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    definition: Mapped[ProcessDefinition] = relationship()
    school: Mapped[Organisation | None] = relationship(foreign_keys=[school_id])
    city: Mapped[Organisation | None] = relationship(foreign_keys=[city_id])
    starter: Mapped[User | None] = relationship()

    __mapper_args__ = {"version_id_col": lock_version}

    @property
    def status_label(self) -> str:
        return STATUSES.get(self.status, self.status)


def latest_versions() -> Select:
    """The latest deployed version of each process, one row per key.

    Every "current definition" (starting, the process list, a process's name in filters and
    the dashboard) comes from here, so a version that renames its process renames it everywhere.
    """
    newest = (
        select(ProcessDefinition.key, func.max(ProcessDefinition.version).label("version"))
        .group_by(ProcessDefinition.key)
        .subquery("newest")
    )
    return select(ProcessDefinition).join(
        newest,
        (ProcessDefinition.key == newest.c.key) & (ProcessDefinition.version == newest.c.version),
    )


def latest_definition(key: str) -> ProcessDefinition | None:
    return db.session.scalar(latest_versions().where(ProcessDefinition.key == key))


def process_names() -> Select:
    """(key, name) of each process's latest version."""
    return latest_versions().with_only_columns(ProcessDefinition.key, ProcessDefinition.name)
