"""A school's recipient list: read a file row by row, check every row, and replace the case's
rows in one go — or refuse the file having stored nothing. Also the list as the pages show it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import case, delete, func, insert, select

from webapp import spreadsheets
from webapp.extensions import db
from webapp.majors.models import CatalogueMajor
from webapp.models import ProcessInstance

from .models import SubsidyFlag, SubsidyRecipient
from .rules import COLUMNS, check_recipient
from .settings_values import tiers

MAX_PROBLEMS = 200
MAX_ROWS = 20_000  # one school's list


class RecipientsRefused(spreadsheets.ImportRefused):
    what = "资助名单"


def store_file(instance: ProcessInstance, path: Path, filename: str) -> int:
    """Check every row of the file and replace the case's rows; the number stored."""
    data = instance.data
    majors = set(db.session.scalars(select(CatalogueMajor.code).distinct()))
    grant_tiers = tiers() if data["subsidy_type"] == "国家助学金" else {}
    problems: list[str] = []
    rows = []
    table = spreadsheets.stream_table(
        path, filename, columns=COLUMNS, required=COLUMNS, refused=RecipientsRefused
    )
    more = 0
    for line, row in table:
        if line - 1 > MAX_ROWS:
            problems.append(f"名单超过 {MAX_ROWS} 行，请核对是否为本校名单")
            break
        recipient, row_problems = check_recipient(
            line, row, data["subsidy_type"], grant_tiers, majors
        )
        room = MAX_PROBLEMS - len(problems)
        problems += row_problems[: max(room, 0)]
        more += max(len(row_problems) - max(room, 0), 0)
        if recipient is not None and not problems:
            rows.append(recipient._asdict())
    if more:
        problems.append(f"另有 {more} 处问题未列出，请按上述问题修改后重新上传")
    if not rows and not problems:
        problems.append("名单中没有数据行")
    if problems:
        raise RecipientsRefused(problems)
    _replace(instance, rows)
    return len(rows)


def _replace(instance: ProcessInstance, rows: list[dict]) -> None:
    mine = select(SubsidyRecipient.id).where(SubsidyRecipient.instance_id == instance.id)
    db.session.execute(delete(SubsidyFlag).where(SubsidyFlag.recipient_id.in_(mine)))
    db.session.execute(delete(SubsidyRecipient).where(SubsidyRecipient.instance_id == instance.id))
    insert_rows(instance, rows)


def insert_rows(instance: ProcessInstance, rows: list[dict]) -> None:
    """Add checked rows (RecipientRow fields) to the case's list, none of them answered yet."""
    common = {
        "round_id": instance.data["round_id"],
        "instance_id": instance.id,
        "school_id": instance.school_id,
        "removed": False,
        "explanation": "",
    }
    db.session.execute(insert(SubsidyRecipient), [common | row for row in rows])


@dataclass(frozen=True)
class ListedRow:
    row: SubsidyRecipient
    flags: list[tuple[str, str]]


@dataclass(frozen=True)
class RowFilter:
    """Which of a case's rows to list: by flag code, only flagged ones, only those still
    waiting for an answer (flagged, not removed, no reason)."""

    flag: str | None = None
    flagged: bool = False
    unanswered: bool = False


def _has_flag(code: str | None = None):
    query = select(SubsidyFlag.id).where(SubsidyFlag.recipient_id == SubsidyRecipient.id)
    if code:
        query = query.where(SubsidyFlag.code == code)
    return query.correlate(SubsidyRecipient).exists()


def listed(
    instance_id: int, which: RowFilter = RowFilter(), offset: int = 0, limit: int = 500
) -> tuple[list[ListedRow], int]:
    """A page of the case's rows, flagged ones first, each with its flags; and how many rows
    the filter matches in all."""
    R = SubsidyRecipient
    conditions = [R.instance_id == instance_id]
    if which.flag:
        conditions.append(_has_flag(which.flag))
    if which.flagged or which.unanswered:
        conditions.append(_has_flag())
    if which.unanswered:
        conditions += [R.removed.is_(False), R.explanation == ""]
    total = db.session.scalar(select(func.count()).select_from(R).where(*conditions)) or 0
    first = case((_has_flag(), 0), else_=1)
    rows = db.session.scalars(
        select(R).where(*conditions).order_by(first, R.line).offset(offset).limit(limit)
    ).all()
    flags: dict[int, list[tuple[str, str]]] = {}
    query = (
        select(SubsidyFlag.recipient_id, SubsidyFlag.code, SubsidyFlag.reason)
        .where(SubsidyFlag.recipient_id.in_([row.id for row in rows]))
        .order_by(SubsidyFlag.id)
    )
    for recipient_id, code, reason in db.session.execute(query):
        flags.setdefault(recipient_id, []).append((code, reason))
    return [ListedRow(row, flags.get(row.id, [])) for row in rows], total


def summary(instance_id: int) -> dict[str, int]:
    """Rows, removed rows, flagged rows (not removed) and those not yet answered."""
    base = select(func.count()).select_from(SubsidyRecipient)
    mine = SubsidyRecipient.instance_id == instance_id
    flagged = SubsidyRecipient.id.in_(select(SubsidyFlag.recipient_id))
    live = SubsidyRecipient.removed.is_(False)
    return {
        "rows": db.session.scalar(base.where(mine)) or 0,
        "removed": db.session.scalar(base.where(mine, ~live)) or 0,
        "flagged": db.session.scalar(base.where(mine, live, flagged)) or 0,
        "unanswered": db.session.scalar(
            base.where(mine, live, flagged, SubsidyRecipient.explanation == "")
        )
        or 0,
    }


def unanswered_lines(instance_id: int) -> list[int]:
    query = select(SubsidyRecipient.line).where(
        SubsidyRecipient.instance_id == instance_id,
        SubsidyRecipient.removed.is_(False),
        SubsidyRecipient.explanation == "",
        SubsidyRecipient.id.in_(select(SubsidyFlag.recipient_id)),
    )
    return list(db.session.scalars(query.order_by(SubsidyRecipient.line)))
