"""Reading 违法失信单位名单 files (CSV or XLSX) into checked listings, all or nothing.

Columns: 统一社会信用代码, 单位名称, 列入原因, 来源, 列入日期, 有效期至; the first two must be in
the header, the rest may be left out. parse_rows returns every row or raises BlacklistImportError
naming each bad row in Chinese ("第 4 行：统一社会信用代码“…”校验位不正确"). Line numbers are
the file's own: the header is line 1, so rows[i] is line i + 2.
"""

from __future__ import annotations

import csv
import io
import warnings
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from webapp.errors import RuleViolation

from .fields import LABELS, Listing, blank, check

MAX_IMPORT_BYTES = 1024 * 1024
MAX_ROWS = 5000
COLUMNS = tuple(LABELS.values())
REQUIRED_COLUMNS = COLUMNS[:2]
FIELD_OF = {label: field for field, label in LABELS.items()}
# Excel keeps numbers as doubles: beyond 15 digits, the last ones are already lost.
EXACT_DIGITS = 10**15


class BlacklistImportError(RuleViolation):
    """The file was refused; `problems` holds one Chinese line per bad row."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("名单导入失败，未导入任何数据：" + "；".join(problems[:20]), {})
        self.problems = problems


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


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise BlacklistImportError(["无法识别文件编码，请另存为 UTF-8 或 GB18030 编码的 CSV"])


def _bounded(rows: Iterable[Sequence[object]]) -> list[Sequence[object]]:
    """The rows (blank ones as an empty tuple), refused as soon as there are too many."""
    table: list[Sequence[object]] = []
    filled = 0
    for row in rows:
        if all(blank(value) for value in row):
            table.append(())
            continue
        filled += 1
        if filled > MAX_ROWS + 1:  # the header and MAX_ROWS data rows
            raise BlacklistImportError([f"数据行超过 {MAX_ROWS} 行，请分批导入"])
        table.append(list(row))
    return table


def _csv_table(data: bytes) -> list[Sequence[object]]:
    try:
        return _bounded(csv.reader(io.StringIO(_decode(data))))
    except csv.Error:
        raise BlacklistImportError(["CSV 文件格式有误，请用 Excel 另存为 CSV 后重试"]) from None


def _xlsx_table(data: bytes) -> list[Sequence[object]]:
    from openpyxl import load_workbook

    try:
        with warnings.catch_warnings():
            # e.g. "Workbook contains no default style": harmless in files from other tools
            warnings.simplefilter("ignore", UserWarning)
            book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        raise BlacklistImportError(["文件不是有效的 Excel（.xlsx）文件"]) from None
    try:
        return _bounded(book.worksheets[0].iter_rows(values_only=True))
    finally:
        book.close()


def _header(table: list[Sequence[object]]) -> list[str]:
    header = [str(cell or "").strip().lstrip("\ufeff") for cell in table[0]]
    missing = [name for name in REQUIRED_COLUMNS if name not in header]
    if missing:
        names = "、".join(f"“{name}”" for name in missing)
        raise BlacklistImportError([f"第 1 行：缺少{names}列（表头应为：{'、'.join(COLUMNS)}）"])
    return header


def read_table(data: bytes, filename: str) -> list[dict[str, object]]:
    """The file's data rows as {column: value}, by extension (.csv or .xlsx)."""
    if len(data) > MAX_IMPORT_BYTES:
        raise BlacklistImportError([f"文件超过 {MAX_IMPORT_BYTES // (1024 * 1024)} MB"])
    kind = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if kind == "csv":
        table = _csv_table(data)
    elif kind == "xlsx":
        table = _xlsx_table(data)
    else:
        raise BlacklistImportError(["只接受 .csv 或 .xlsx 文件"])
    if not table:
        raise BlacklistImportError([f"文件是空的（第 1 行应为表头：{'、'.join(COLUMNS)}）"])
    header = _header(table)
    columns = {name: header.index(name) for name in COLUMNS if name in header}
    return [
        {name: (row[i] if i < len(row) else None) for name, i in columns.items()}
        for row in table[1:]
    ]
