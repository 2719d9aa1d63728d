"""Rows filled in on a page: the same row checks as a file, each problem put beside its cell,
and the rows added after the case's last line — all of them or, on any problem, none."""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import func, select

from webapp.extensions import db
from webapp.majors.models import CatalogueMajor
from webapp.models import ProcessInstance

from .models import SubsidyRecipient
from .recipients import MAX_ROWS, insert_rows
from .rules import check_cells
from .settings_values import tiers

ROWS_PER_PAGE = 20
# The list's columns less 资助类型, which the round fixes.
FORM_COLUMNS = (
    "学籍号",
    "身份证号",
    "姓名",
    "年级",
    "专业代码",
    "档次",
    "金额",
    "家庭经济困难认定",
)
LIMITS = {
    "学籍号": 32,
    "身份证号": 18,
    "姓名": 50,
    "年级": 2,
    "专业代码": 6,
    "档次": 20,
    "金额": 12,
}


class EntryRefused(Exception):
    def __init__(self, messages: list[str], cells: dict[tuple[int, str], str]):
        super().__init__(messages[0] if messages else "")
        self.messages, self.cells = messages, cells


def posted_rows(form: Mapping[str, str]) -> list[dict]:
    """The page's rows as entered (cut to their column's length), blank rows dropped."""
    rows = []
    for index in range(ROWS_PER_PAGE):
        row = {
            column: (form.get(f"r{index}-{position}") or "").strip()[: LIMITS.get(column, 4)]
            for position, column in enumerate(FORM_COLUMNS)
        }
        if any(value for column, value in row.items() if column != "家庭经济困难认定"):
            rows.append(row)
    return rows


def padded(rows: list[dict]) -> list[dict]:
    """The rows entered, then blank ones up to the page's size."""
    blank = dict.fromkeys(FORM_COLUMNS, "") | {"家庭经济困难认定": "否"}
    return rows + [dict(blank) for _ in range(ROWS_PER_PAGE - len(rows))]


def append(instance: ProcessInstance, rows: list[dict]) -> int:
    """Check the rows and add them after the case's last line; the number added."""
    if not rows:
        raise EntryRefused(["请至少填写一行。"], {})
    subsidy_type = instance.data["subsidy_type"]
    majors = set(db.session.scalars(select(CatalogueMajor.code).distinct()))
    grant_tiers = tiers() if subsidy_type == "国家助学金" else {}
    cells: dict[tuple[int, str], str] = {}
    messages: list[str] = []
    checked = []
    for index, row in enumerate(rows):
        recipient, problems = check_cells(
            index + 1, row | {"资助类型": subsidy_type}, subsidy_type, grant_tiers, majors
        )
        for column, text in problems:
            cells[(index, column)] = text
            messages.append(f"第 {index + 1} 行，{column}：{text}")
        checked.append(recipient)
    mine = SubsidyRecipient.instance_id == instance.id
    last, count = db.session.execute(
        select(func.max(SubsidyRecipient.line), func.count()).where(mine)
    ).one()
    if count + len(rows) > MAX_ROWS:
        messages.append(f"名单最多 {MAX_ROWS} 行，现有 {count} 行")
    if messages:
        raise EntryRefused(messages, cells)
    first = (last or 0) + 1
    insert_rows(
        instance,
        [recipient._asdict() | {"line": first + n} for n, recipient in enumerate(checked)],
    )
    return len(checked)
