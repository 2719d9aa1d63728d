"""Reading calendar files (CSV or XLSX with columns 日期, 类型, 备注) into checked rows.

All-or-nothing: parse_rows either returns every row or raises CalendarImportError listing
each bad row in Chinese ("第 5 行：日期“2027-13-01”无效"). Line numbers are the file's own:
the header is line 1, so rows[i] is line i + 2 (blank lines are kept to keep the count right).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from webapp import spreadsheets

MAX_IMPORT_BYTES = 1024 * 1024
MAX_ROWS = 2000
NOTE_MAX = 100
FIRST_YEAR, LAST_YEAR = 2000, 2100
COLUMNS = ("日期", "类型", "备注")
DAY_OFF_WORDS = frozenset({"休", "假", "节假日", "休息", "放假"})
WORKING_WORDS = frozenset({"班", "上班", "工作日"})
_DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")


class CalendarImportError(spreadsheets.ImportRefused):
    what = "日历"


@dataclass(frozen=True)
class CalendarRow:
    line: int
    day: date
    is_working: bool
    note: str


def parse_day(value: object) -> date:
    """2027-02-06, 2027/2/6, 2027年2月6日, or a spreadsheet date cell; ValueError otherwise."""
    if isinstance(value, datetime):
        if value.time() != datetime.min.time():
            raise ValueError(value)
        value = value.date()
    if isinstance(value, date):
        day = value
    else:
        match = _DATE.match(str(value).strip())
        if not match:
            raise ValueError(value)
        day = date(*(int(part) for part in match.groups()))
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise ValueError(value)
    return day


def parse_kind(value: object) -> bool:
    """True for 班/上班/工作日, False for 休/假/节假日/休息/放假; ValueError otherwise."""
    text = str(value or "").strip()
    if text in WORKING_WORDS:
        return True
    if text in DAY_OFF_WORDS:
        return False
    raise ValueError(text)


def _shown(value: object) -> str:
    return value.isoformat() if isinstance(value, date) else str(value).strip()


def _blank(value: object) -> bool:
    return value is None or str(value).strip() == ""


def _row_problems(line: int, row: Mapping[str, object]) -> list[str]:
    raw_day, raw_kind, note = row.get("日期"), row.get("类型"), row.get("备注")
    problems = []
    if _blank(raw_day):
        problems.append(f"第 {line} 行：缺少日期")
    else:
        try:
            parse_day(raw_day)
        except ValueError:
            problems.append(f"第 {line} 行：日期“{_shown(raw_day)}”无效（应如 2027-02-06）")
    if _blank(raw_kind):
        problems.append(f"第 {line} 行：缺少类型（应为“休”或“班”）")
    else:
        try:
            parse_kind(raw_kind)
        except ValueError:
            problems.append(f"第 {line} 行：类型“{_shown(raw_kind)}”无效（应为“休”或“班”）")
    if not _blank(note) and len(str(note).strip()) > NOTE_MAX:
        problems.append(f"第 {line} 行：备注超过 {NOTE_MAX} 字")
    return problems


def parse_rows(rows: Sequence[Mapping[str, object]]) -> list[CalendarRow]:
    """Checked rows (blank ones skipped), or CalendarImportError naming every bad row."""
    problems: list[str] = []
    parsed: list[CalendarRow] = []
    first_line: dict[date, int] = {}
    for index, row in enumerate(rows):
        line = index + 2
        if all(_blank(value) for value in row.values()):
            continue
        row_problems = _row_problems(line, row)
        problems += row_problems
        if row_problems:
            continue
        day = parse_day(row["日期"])
        if day in first_line:
            problems.append(f"第 {line} 行：日期 {day} 与第 {first_line[day]} 行重复")
            continue
        first_line[day] = line
        note = "" if _blank(row.get("备注")) else str(row["备注"]).strip()
        parsed.append(CalendarRow(line, day, parse_kind(row["类型"]), note))
    if not parsed and not problems:
        problems.append("文件中没有数据行（第 1 行为表头：日期、类型、备注）")
    if problems:
        raise CalendarImportError(problems)
    return parsed


def read_table(data: bytes, filename: str) -> list[dict[str, object]]:
    """The file's data rows as {column: value}, by extension (.csv or .xlsx)."""
    return spreadsheets.read_table(
        data,
        filename,
        columns=COLUMNS,
        required=COLUMNS[:2],
        max_bytes=MAX_IMPORT_BYTES,
        max_rows=MAX_ROWS,
        refused=CalendarImportError,
    )
