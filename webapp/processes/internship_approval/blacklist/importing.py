"""Reading 违法失信单位名单 files (CSV or XLSX) into checked listings, all or nothing.

Columns: 统一社会信用代码, 单位名称, 列入原因, 来源, 列入日期, 有效期至; the first two must be in
the header, the rest may be left out. parse_rows returns every row or raises BlacklistImportError
naming each bad row in Chinese ("第 4 行：统一社会信用代码“…”校验位不正确"). Line numbers are
the file's own: the header is line 1, so rows[i] is line i + 2.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from webapp import spreadsheets

from .fields import LABELS, Listing, blank, check

MAX_IMPORT_BYTES = 1024 * 1024
MAX_ROWS = 5000
COLUMNS = tuple(LABELS.values())
REQUIRED_COLUMNS = COLUMNS[:2]
FIELD_OF = {label: field for field, label in LABELS.items()}
# Excel keeps numbers as doubles: beyond 15 digits, the last ones are already lost.
EXACT_DIGITS = 10**15


class BlacklistImportError(spreadsheets.ImportRefused):
    what = "名单"


@dataclass(frozen=True)
class ImportRow:
    line: int
    listing: Listing


def _cell(value: object) -> object:
    """Whole numbers as digits (a code typed into a number cell); other values unchanged."""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float) and value.is_integer() and abs(value) < EXACT_DIGITS:
        return str(int(value))
    return value


def _row_problems(line: int, row: Mapping[str, object]) -> tuple[Listing | None, list[str]]:
    code = row.get("统一社会信用代码")
    if isinstance(code, float) and not (code.is_integer() and abs(code) < EXACT_DIGITS):
        return None, [
            f"第 {line} 行：统一社会信用代码被 Excel 当作数字保存，位数已丢失，"
            "请把该列设为文本格式后重新填写"
        ]
    values = {FIELD_OF[label]: _cell(value) for label, value in row.items() if label in FIELD_OF}
    listing, errors = check(values)
    return listing, [f"第 {line} 行：{message}" for message in errors.values()]


def parse_rows(rows: Sequence[Mapping[str, object]]) -> list[ImportRow]:
    """Checked rows (blank ones skipped), or BlacklistImportError naming every bad row."""
    problems: list[str] = []
    parsed: list[ImportRow] = []
    for index, row in enumerate(rows):
        if all(blank(value) for value in row.values()):
            continue
        listing, row_problems = _row_problems(index + 2, row)
        problems += row_problems
        if listing is not None:
            parsed.append(ImportRow(index + 2, listing))
    if not parsed and not problems:
        problems.append(f"文件中没有数据行（第 1 行为表头：{'、'.join(COLUMNS)}）")
    if problems:
        raise BlacklistImportError(problems)
    return parsed


def read_table(data: bytes, filename: str) -> list[dict[str, object]]:
    """The file's data rows as {column: value}, by extension (.csv or .xlsx)."""
    return spreadsheets.read_table(
        data,
        filename,
        columns=COLUMNS,
        required=REQUIRED_COLUMNS,
        max_bytes=MAX_IMPORT_BYTES,
        max_rows=MAX_ROWS,
        refused=BlacklistImportError,
    )
