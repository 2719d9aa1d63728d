"""Filling a table field from an uploaded Excel sheet (first row: the column labels)."""

from __future__ import annotations

import io
from datetime import date, datetime

from openpyxl import load_workbook

from .definition import FieldDef

MAX_XLSX_BYTES = 2 * 1024 * 1024
ZIP_MAGIC = b"PK\x03\x04"


def _header_map(field: FieldDef, header: tuple) -> tuple[dict[int, FieldDef], list[str]]:
    by_label = {c.label: c for c in field.columns} | {c.name: c for c in field.columns}
    mapping = {
        i: by_label[str(h).strip()]
        for i, h in enumerate(header)
        if h is not None and str(h).strip() in by_label
    }
    found = {c.name for c in mapping.values()}
    missing = [c.label for c in field.columns if c.required and c.name not in found]
    return mapping, ([f"Excel 第一行缺少列：{'、'.join(missing)}"] if missing else [])


def _cell(column: FieldDef, value: object, line: int) -> tuple[object, str | None]:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, None
    if isinstance(value, float) and column.type == "string":
        if value != int(value) or abs(value) >= 1e15:
            return (
                None,
                f"第 {line} 行“{column.label}”被 Excel 当作数字保存，位数已丢失，请把该列设为文本格式后重新填写",
            )
        value = int(value)
    if isinstance(value, datetime | date):
        value = value.date().isoformat() if isinstance(value, datetime) else value.isoformat()
    if column.type == "integer":
        try:
            return int(str(value).strip()), None
        except ValueError:
            return str(value).strip(), None  # the schema check names the cell
    return str(value).strip(), None


def rows_from_xlsx(field: FieldDef, data: bytes) -> tuple[list[dict], list[str]]:
    """The table's rows from the sheet, and Chinese problems (then no rows are used)."""
    if len(data) > MAX_XLSX_BYTES:
        return [], [f"Excel 文件不能超过 {MAX_XLSX_BYTES // (1024 * 1024)} MB"]
    if not data.startswith(ZIP_MAGIC):
        return [], ["上传的名单不是 .xlsx 格式的 Excel 文件"]
    try:
        sheet = load_workbook(io.BytesIO(data), read_only=True, data_only=True).worksheets[0]
        lines = list(sheet.iter_rows(values_only=True))
    except Exception:  # a damaged workbook, whatever openpyxl raises
        return [], ["无法读取该 Excel 文件，请另存为 .xlsx 后重试"]
    if not lines:
        return [], ["Excel 文件是空的"]
    mapping, problems = _header_map(field, lines[0])
    rows: list[dict] = []
    for line, values in enumerate(lines[1:], start=2):
        row = {}
        for index, column in mapping.items():
            value, problem = _cell(column, values[index] if index < len(values) else None, line)
            if problem:
                problems.append(problem)
            elif value is not None:
                row[column.name] = value
        if row:
            rows.append(row)
    if field.max_rows is not None and len(rows) > field.max_rows:
        problems.append(f"名单最多 {field.max_rows} 行，文件中有 {len(rows)} 行")
    return (rows, []) if not problems else ([], problems)
