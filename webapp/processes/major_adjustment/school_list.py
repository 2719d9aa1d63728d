"""An approved request changes the school's major list, once, with its history (who, when,
which case) kept by webapp.majors.service.change_school_major."""

from __future__ import annotations

from sqlalchemy import select

from webapp.clock import Clock
from webapp.extensions import db
from webapp.majors.models import SchoolMajorChange
from webapp.majors.service import change_school_major
from webapp.models import ProcessInstance, User, WorkItem


def _decider(instance: ProcessInstance) -> User | None:
    item = db.session.scalar(
        select(WorkItem)
        .where(
            WorkItem.instance_id == instance.id,
            WorkItem.spec_id == "province_decision",
            WorkItem.status == "completed",
        )
        .order_by(WorkItem.id.desc())
        .limit(1)
    )
    return item.completed_by if item else None


def apply_once(instance: ProcessInstance, clock: Clock) -> None:
    already = select(SchoolMajorChange.id).where(SchoolMajorChange.instance_id == instance.id)
    if db.session.scalar(already.limit(1)) is not None:
        return
    data, school = instance.data, instance.school
    actor = _decider(instance)
    reason = f"{data.get('year')}年专业设置{data.get('approval', '')}：{instance.title}"[:300]
    common = {"actor": actor, "instance_id": instance.id, "reason": reason}
    kind = data["kind"]
    if kind == "add":
        change_school_major(
            school,
            data["major_code"],
            clock,
            catalogue_version=data.get("catalogue_version") or None,
            direction=data.get("direction") or "",
            years=int(data.get("years") or 3),
            first_intake_year=data.get("first_intake_year"),
            planned_enrollment=data.get("planned_enrollment"),
            status="enrolling",
            **common,
        )
    elif kind == "adjust":
        fields = {}
        if data.get("new_direction"):
            fields["direction"] = data["new_direction"]
        if data.get("new_enrollment") is not None:
            fields["planned_enrollment"] = data["new_enrollment"]
        change_school_major(school, data["major_code"], clock, **fields, **common)
    elif kind == "transform":
        change_school_major(school, data["major_code"], clock, status="withdrawn", **common)
        change_school_major(
            school,
            data["target_code"],
            clock,
            catalogue_version=data.get("target_version") or None,
            direction=data.get("new_direction") or "",
            first_intake_year=data.get("first_intake_year"),
            planned_enrollment=data.get("planned_enrollment"),
            status="enrolling",
            **common,
        )
    elif kind == "stop":
        enrolled = sum(int(row.get("students") or 0) for row in data.get("enrolled") or [])
        # 停招 while students remain; 撤销 once nobody is left to finish.
        status = "paused" if enrolled else "withdrawn"
        change_school_major(
            school, data["major_code"], clock, status=status, planned_enrollment=0, **common
        )
