"""违法失信单位名单 use cases: list, add, remove, import a file, and what blocks internships.

Services add and flush; the view commits. Every change is audited ("blacklist_changed",
subject "blacklist:<id>"). A unit already on the list (same credit code, or same name when
either side has no code) is updated rather than listed twice, whether added by hand or imported;
a removed unit that is listed again becomes active again.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import BinaryIO, Literal

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from webapp import audit, spreadsheets
from webapp.clock import Clock
from webapp.errors import Conflict, NotFound, RuleViolation
from webapp.extensions import db
from webapp.models import User
from webapp.models.paging import Page, paginate
from webapp.processes.internship_approval.models import BlacklistedUnit
from webapp.processes.internship_approval.models.unit_blacklist import (
    blacklist_search,
    blocking_units,
)
from webapp.processes.internship_approval.rules.unit import unit_key

from .fields import TEXT_FIELDS, Listing, check
from .importing import MAX_IMPORT_BYTES, ImportRow, parse_rows, read_table

Outcome = Literal["created", "updated", "unchanged"]
REMOVAL_REASON_MAX = 200


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int
    unchanged: int
    merged: int  # rows naming a unit an earlier row of the same file named

    @property
    def summary(self) -> str:
        total = self.created + self.updated + self.unchanged + self.merged
        text = (
            f"已导入 {total} 行：新列入 {self.created} 家，更新 {self.updated} 家，"
            f"未变化 {self.unchanged} 家。"
        )
        if self.merged:
            text += f"文件中有 {self.merged} 行与前面的行是同一单位，已合并。"
        return text


class _Index:
    """Every entry by credit code and by name, so a listing finds the unit it names."""

    def __init__(self, entries: Sequence[BlacklistedUnit]) -> None:
        self.by_code: dict[str, BlacklistedUnit] = {}
        self.by_name: dict[str, list[BlacklistedUnit]] = {}
        for entry in entries:
            self.remember(entry)

    def remember(self, entry: BlacklistedUnit) -> None:
        if entry.credit_code:
            self.by_code[entry.credit_code] = entry
        key = unit_key(entry.unit_name)
        if key and entry not in self.by_name.get(key, []):
            self.by_name.setdefault(key, []).append(entry)

    def find(self, listing: Listing) -> BlacklistedUnit | None:
        """Same code; else the same name, on an entry without a code (or any, if the listing
        has no code either)."""
        if listing.credit_code and listing.credit_code in self.by_code:
            return self.by_code[listing.credit_code]
        named = self.by_name.get(listing.name_key, []) if listing.unit_name else []
        return next((e for e in named if not listing.credit_code or not e.credit_code), None)


def _all_entries() -> _Index:
    return _Index(db.session.scalars(select(BlacklistedUnit).order_by(BlacklistedUnit.id)).all())


def _state(entry: BlacklistedUnit) -> dict:
    return {
        "credit_code": entry.credit_code,
        "unit_name": entry.unit_name,
        "reason": entry.reason,
        "source": entry.source,
        "listed_on": entry.listed_on.isoformat() if entry.listed_on else None,
        "expires_on": entry.expires_on.isoformat() if entry.expires_on else None,
        "active": entry.active,
    }


def _audit(
    entry: BlacklistedUnit, before: dict | None, user: User | None, clock: Clock, **extra: str
) -> None:
    audit.record(
        "blacklist_changed",
        clock,
        actor=user,
        subject=f"blacklist:{entry.id}",
        before=before,
        after=_state(entry) | extra,
    )


def _apply(entry: BlacklistedUnit, listing: Listing) -> None:
    """Text left blank keeps what the entry had; the dates are the listing's own term."""
    if listing.credit_code:
        entry.credit_code = listing.credit_code
    for field in TEXT_FIELDS:
        if getattr(listing, field):
            setattr(entry, field, getattr(listing, field))
    entry.listed_on, entry.expires_on = listing.listed_on, listing.expires_on
    entry.active = True


def _write(
    index: _Index, listing: Listing, user: User | None, clock: Clock
) -> tuple[BlacklistedUnit, Outcome]:
    user_id = user.id if user else None  # read before adding: it may load, and so autoflush
    entry = index.find(listing)
    before = _state(entry) if entry else None
    if entry is None:
        entry = BlacklistedUnit(created_at=clock.now(), unit_name="", reason="", source="")
        db.session.add(entry)
    _apply(entry, listing)
    if before is not None and _state(entry) == before:
        return entry, "unchanged"
    entry.updated_at, entry.updated_by_id = clock.now(), user_id
    try:
        db.session.flush()  # the id, for the audit subject
    except IntegrityError:  # another admin listed the same code a moment ago
        raise Conflict("该统一社会信用代码刚刚已被他人列入名单，未保存，请刷新后重试。") from None
    index.remember(entry)
    _audit(entry, before, user, clock)
    return entry, "created" if before is None else "updated"


def add(
    values: Mapping[str, object], user: User | None, clock: Clock
) -> tuple[BlacklistedUnit, Outcome]:
    """List one unit from raw field values (see fields.LABELS for the keys); a unit already
    listed is updated. RuleViolation with field messages when a value is wrong."""
    listing, errors = check(values)
    if listing is None:
        raise RuleViolation("请更正标出的项目后再保存。", errors)
    return _write(_all_entries(), listing, user, clock)


def deactivate(entry_id: int, user: User | None, clock: Clock, reason: str) -> BlacklistedUnit:
    """Take a unit off the list (移出名单); the entry and its history are kept."""
    entry = db.session.get(BlacklistedUnit, entry_id)
    if entry is None:
        raise NotFound("名单中没有这条记录。")
    reason = " ".join((reason or "").split())
    if not reason:
        raise RuleViolation("请填写移出原因。", {"reason": "请填写移出原因"})
    if len(reason) > REMOVAL_REASON_MAX:
        message = f"移出原因不能超过 {REMOVAL_REASON_MAX} 字"
        raise RuleViolation(message + "。", {"reason": message})
    if not entry.active:
        raise Conflict(f"“{entry.label}”已移出名单。")
    before = _state(entry)
    entry.active = False
    entry.updated_at = clock.now()
    entry.updated_by_id = user.id if user else None
    _audit(entry, before, user, clock, removal_reason=reason)
    db.session.flush()
    return entry


def import_rows(
    rows: Sequence[Mapping[str, object]], user: User | None, clock: Clock
) -> ImportResult:
    """Write every row ({"统一社会信用代码", "单位名称", …}; rows[i] is line i + 2) or none."""
    return _write_all(parse_rows(rows), user, clock)


def _write_all(rows: Sequence[ImportRow], user: User | None, clock: Clock) -> ImportResult:
    index = _all_entries()
    counts = {"created": 0, "updated": 0, "unchanged": 0, "merged": 0}
    seen: set[int] = set()
    for row in rows:
        entry, outcome = _write(index, row.listing, user, clock)
        counts["merged" if entry.id in seen else outcome] += 1
        seen.add(entry.id)
    db.session.flush()
    return ImportResult(**counts)


def import_file(
    source: str | Path | BinaryIO, filename: str, user: User | None, clock: Clock
) -> ImportResult:
    """import_rows from a .csv (UTF-8, with or without BOM, or GB18030) or .xlsx file."""
    data = spreadsheets.read_upload(source, MAX_IMPORT_BYTES)
    return import_rows(read_table(data, filename), user, clock)


def blocking_entries(today: date) -> list[str]:
    """The credit codes and unit names of the entries that block on `today` (active, not
    expired): the `blacklist` the internship rules match applications against."""
    values: dict[str, None] = {}
    for entry in db.session.scalars(blocking_units(today)):
        for value in (entry.credit_code, entry.unit_name):
            if value:
                values[value] = None
    return list(values)


def search(text: str, status: str, today: date, page: int, size: int) -> Page:
    """One page of the list for the admin page; `status` is '' or a key of STATUSES."""
    query = blacklist_search(text, status, today)
    return paginate(query.options(selectinload(BlacklistedUnit.updated_by)), page, size, clamp=True)


def matching(text: str, status: str, today: date, limit: int) -> list[BlacklistedUnit]:
    """Every entry the page's search shows, for the export, up to `limit`."""
    query = blacklist_search(text, status, today).options(selectinload(BlacklistedUnit.updated_by))
    return list(db.session.scalars(query.limit(limit)))
