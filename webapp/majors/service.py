"""Major use cases: import a catalogue version, search it, and change a school's major list.

Services add and flush; the view or command commits. A school's list changes only through
change_school_major, which keeps a SchoolMajorChange row (and an audit event) for every change.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from sqlalchemy import select

from webapp import audit, spreadsheets
from webapp.clock import Clock
from webapp.errors import RuleViolation
from webapp.extensions import db
from webapp.local_time import local_date
from webapp.models import Organisation, User
from webapp.models.paging import Page, paginate

from .importing import MAX_IMPORT_BYTES, Entry, check_version, parse_rows, read_table
from .models import (
    STATUSES,
    CatalogueMajor,
    SchoolMajor,
    SchoolMajorChange,
    catalogue_search,
    current_entry,
)

ENTRY_FIELDS = (
    "name",
    "category_code",
    "category_name",
    "class_code",
    "class_name",
    "agricultural",
    "state_controlled",
    "valid_from",
    "valid_to",
)
CHANGEABLE = ("name", "direction", "years", "first_intake_year", "status", "enrollment")
CHANGEABLE += ("employment", "planned_enrollment")


@dataclass(frozen=True)
class ImportResult:
    version: str
    created: int
    updated: int
    unchanged: int

    @property
    def summary(self) -> str:
        total = self.created + self.updated + self.unchanged
        return (
            f"已导入专业目录（{self.version}版）{total} 个专业：新增 {self.created} 个，"
            f"更新 {self.updated} 个，未变化 {self.unchanged} 个。其他版本的专业未作改动。"
        )


def _write(entry: Entry, version: str, existing: dict[str, CatalogueMajor]) -> str:
    row = existing.get(entry.code)
    if row is None:
        db.session.add(CatalogueMajor(version=version, code=entry.code, **_fields(entry)))
        return "created"
    changed = False
    for name, value in _fields(entry).items():
        if getattr(row, name) != value:
            setattr(row, name, value)
            changed = True
    return "updated" if changed else "unchanged"


def _fields(entry: Entry) -> dict:
    return {name: getattr(entry, name) for name in ENTRY_FIELDS}


def import_rows(
    rows: Sequence[Mapping[str, object]], version: str, user: User | None, clock: Clock
) -> ImportResult:
    """Write every row of one catalogue version, or none; rows of other versions are untouched."""
    version = check_version(version)
    entries = parse_rows(rows)
    query = select(CatalogueMajor).where(CatalogueMajor.version == version)
    existing = {row.code: row for row in db.session.scalars(query)}
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    for entry in entries:
        counts[_write(entry, version, existing)] += 1
    db.session.flush()
    result = ImportResult(version, **counts)
    if result.created or result.updated:
        audit.record(
            "major_catalogue_imported", clock, user, subject=f"major_catalogue:{version}",
            after={"version": version, **counts},
        )  # fmt: skip
    return result


def import_file(
    source: str | Path | BinaryIO, filename: str, version: str, user: User | None, clock: Clock
) -> ImportResult:
    """import_rows from a .csv (UTF-8 or GB18030) or .xlsx file."""
    version = check_version(version)
    data = spreadsheets.read_upload(source, MAX_IMPORT_BYTES)
    return import_rows(read_table(data, filename), version, user, clock)


def search(text: str, category: str, version: str, page: int, size: int) -> Page:
    return paginate(catalogue_search(text, category, version), page, size, clamp=True)


def matching(text: str, category: str, version: str, limit: int) -> list[CatalogueMajor]:
    return list(db.session.scalars(catalogue_search(text, category, version).limit(limit)))


def _entry_for(code: str, version: str | None, clock: Clock) -> CatalogueMajor:
    if version:
        query = select(CatalogueMajor).where(
            CatalogueMajor.code == code, CatalogueMajor.version == version
        )
        entry = db.session.scalar(query)
    else:
        entry = current_entry(code, local_date(clock.now()))
    if entry is None:
        where = f"专业目录（{version}版）" if version else "现行专业目录"
        raise RuleViolation(f"专业代码 {code} 不在{where}中。", {"code": "不在专业目录中"})
    return entry


def _check(fields: Mapping[str, object]) -> None:
    unknown = set(fields) - set(CHANGEABLE)
    if unknown:
        raise ValueError(f"not changeable: {sorted(unknown)}")
    if "status" in fields and fields["status"] not in STATUSES:
        raise RuleViolation("开设状态应为在招、停招或撤销。", {"status": "无效的状态"})
    years = fields.get("years")
    if years is not None and not (isinstance(years, int) and 1 <= years <= 6):
        raise RuleViolation("学制应为 1–6 年。", {"years": "学制应为 1–6 年"})


def change_school_major(
    school: Organisation,
    code: str,
    clock: Clock,
    *,
    actor: User | None = None,
    instance_id: int | None = None,
    reason: str = "",
    catalogue_version: str | None = None,
    **fields: object,
) -> SchoolMajor:
    """Open (if the school does not have it yet) or change one of a school's majors, keeping
    the history: who, when, under which case, before → after. A new major is approved under
    `catalogue_version`, or the newest catalogue row valid today; an existing one keeps its
    version unless one is given."""
    _check(fields)
    if school.kind != "school":
        raise RuleViolation("只有学校可以开设专业。")
    major = db.session.scalar(
        select(SchoolMajor).where(SchoolMajor.school_id == school.id, SchoolMajor.code == code)
    )
    before = major.snapshot() if major else None
    if major is None or catalogue_version:
        entry = _entry_for(code, catalogue_version, clock)
    if major is None:
        major = SchoolMajor(school=school, code=code, catalogue=entry, name=entry.name)
        major.direction, major.years, major.status = "", 3, "enrolling"
        major.enrollment, major.employment = {}, {}
        db.session.add(major)
    elif catalogue_version:
        major.catalogue = entry
    for name, value in fields.items():
        setattr(major, name, dict(value) if isinstance(value, Mapping) else value)
    db.session.flush()
    after = major.snapshot()
    if before != after:
        _remember(major, before, after, clock, actor, instance_id, reason)
    return major


def _remember(major, before, after, clock, actor, instance_id, reason) -> None:
    db.session.add(
        SchoolMajorChange(
            school_major_id=major.id,
            at=clock.now(),
            actor_id=actor.id if actor else None,
            instance_id=instance_id,
            reason=reason[:300],
            before=before,
            after=after,
        )
    )
    subject = f"school_major:{major.school.code}:{major.code}"
    audit.record("school_major_changed", clock, actor, instance_id, subject, before, after)
    db.session.flush()
