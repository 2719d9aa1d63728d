"""Rows → .xlsx bytes: a title row (what was filtered, when), Chinese headers frozen below it,
column widths, and every text cell guarded against formula injection.

The guard matters because exported values are user-supplied (titles, school names, keywords):
openpyxl writes a string starting with "=" as a formula, and Excel re-reads text starting with
= + - @ (or a tab / line break) as one when a cell is edited or the sheet is saved as CSV.
Such text is written as a string with a leading single quote, as OWASP advises.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from io import BytesIO
from urllib.parse import quote

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n")

_TITLE_FONT = Font(bold=True, size=12)
_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DDE6F0")
_NOTE_FONT = Font(italic=True, color="C0392B")


@dataclass(frozen=True)
class Column:
    header: str
    width: float = 14  # in Excel's character units; a Chinese character takes about two


def neutralise(value: object) -> object:
    """A cell value that cannot become a formula; text that could is prefixed with '."""
    if not isinstance(value, str):
        return value
    value = ILLEGAL_CHARACTERS_RE.sub("", value)  # control characters openpyxl would refuse
    return "'" + value if value.startswith(FORMULA_TRIGGERS) else value


@dataclass(frozen=True)
class Sheet:
    """One more sheet of a workbook: its tab name, title row, columns and rows."""

    name: str
    title: str
    columns: Sequence[Column]
    rows: Iterable[Sequence[object]]
    note: str | None = None


def _cell(sheet, value: object, font: Font | None = None, fill: PatternFill | None = None):
    cell = WriteOnlyCell(sheet, value=neutralise(value))
    if isinstance(cell.value, str):
        cell.data_type = "s"  # never a formula, whatever openpyxl would infer
    if font is not None:
        cell.font = font
    if fill is not None:
        cell.fill = fill
        cell.alignment = Alignment(horizontal="center", vertical="center")
    return cell


def workbook_bytes(
    columns: Sequence[Column],
    rows: Iterable[Sequence[object]],
    *,
    title: str,
    sheet_name: str = "Sheet1",
    note: str | None = None,
    more_sheets: Sequence[Sheet] = (),
) -> bytes:
    """The first sheet: row 1 the title, row 2 the headers (frozen with it), then rows, then the
    note; `more_sheets` follow it, laid out the same way."""
    book = Workbook(write_only=True)
    _write_sheet(book, Sheet(sheet_name, title, columns, rows, note))
    for extra in more_sheets:
        _write_sheet(book, extra)
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _write_sheet(book: Workbook, content: Sheet) -> None:
    sheet = book.create_sheet(content.name[:31])  # Excel's limit on a tab name
    columns, title, rows, note = content.columns, content.title, content.rows, content.note
    for index, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.freeze_panes = "A3"
    sheet.append([_cell(sheet, title, _TITLE_FONT)])
    sheet.append([_cell(sheet, column.header, _HEADER_FONT, _HEADER_FILL) for column in columns])
    for row in rows:
        sheet.append([_cell(sheet, value) for value in row])
    if note:
        sheet.append([_cell(sheet, note, _NOTE_FONT)])


def attachment_header(filename: str, ascii_fallback: str) -> str:
    """Content-Disposition for a download: an ASCII name for old clients, the real one in UTF-8."""
    if not ascii_fallback.isascii() or any(c in ascii_fallback for c in '"\\;\r\n'):
        raise ValueError("the fallback filename must be plain ASCII")
    return f"attachment; filename=\"{ascii_fallback}\"; filename*=UTF-8''{quote(filename)}"
