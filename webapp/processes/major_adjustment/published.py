"""The yearly published list (公示) of approved changes: new, stopped, adjusted and transformed
majors, read from the approved cases of that year."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from webapp.extensions import db
from webapp.models import ProcessInstance

from .rules import KINDS

KEY = "major_adjustment"
SECTIONS = (
    ("add", "新增专业"),
    ("transform", "改造升级专业"),
    ("adjust", "调整专业"),
    ("stop", "停办专业"),
)


@dataclass(frozen=True)
class ApprovedChange:
    instance_id: int
    kind: str
    city: str
    school: str
    school_code: str
    major: str
    detail: str
    approval: str
    approved_at: str


def _detail(data: dict) -> str:
    kind = data.get("kind")
    if kind == "add":
        direction = f"，{data['direction']}方向" if data.get("direction") else ""
        return f"学制 {data.get('years')} 年{direction}，{data.get('first_intake_year')} 年起招生"
    if kind == "transform":
        return f"改为 {data.get('target_code')} {data.get('target_name')}，{data.get('first_intake_year')} 年起招生"
    if kind == "adjust":
        parts = []
        if data.get("new_direction"):
            parts.append(f"方向调整为“{data['new_direction']}”")
        if data.get("new_enrollment") is not None:
            parts.append(f"招生规模 {data['new_enrollment']} 人/年")
        return "，".join(parts)
    if kind == "stop":
        return f"{int(data.get('last_intake_year') or 0) + 1} 年起停止招生"
    return ""


def approved_changes(year: int) -> list[ApprovedChange]:
    instances = db.session.scalars(
        select(ProcessInstance)
        .where(ProcessInstance.process_key == KEY, ProcessInstance.status == "completed")
        .order_by(ProcessInstance.completed_at, ProcessInstance.id)
    )
    changes = []
    for instance in instances:
        data = instance.data or {}
        if (
            data.get("outcome") != "已批准"
            or data.get("year") != year
            or data.get("kind") not in KINDS
        ):
            continue
        school = instance.school
        changes.append(
            ApprovedChange(
                instance_id=instance.id,
                kind=data["kind"],
                city=school.parent.name if school and school.parent else "",
                school=school.name if school else "",
                school_code=school.code if school else "",
                major=f"{data.get('major_code')} {data.get('major_name')}",
                detail=_detail(data),
                approval=data.get("approval", ""),
                approved_at=instance.completed_at.date().isoformat()
                if instance.completed_at
                else "",
            )
        )
    changes.sort(key=lambda change: (change.city, change.school_code, change.major))
    return changes


def by_section(changes: list[ApprovedChange]) -> list[tuple[str, list[ApprovedChange]]]:
    return [(label, [c for c in changes if c.kind == kind]) for kind, label in SECTIONS]
