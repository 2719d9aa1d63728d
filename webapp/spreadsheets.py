"""Reading an uploaded .csv or .xlsx table into rows keyed by its header (imports of lists),
whole (read_table) or streamed row by row from a file of any size (stream_table)."""

from __future__ import annotations

import codecs
import csv
import io
import warnings
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import BinaryIO

from webapp.errors import RuleViolation


class ImportRefused(RuleViolation):
    """An import refused as a whole: nothing was written; `problems` holds one Chinese line per
    problem. Subclasses name what was imported (`what`, e.g. "日历")."""

    what = "文件"

    def __init__(self, problems: list[str]) -> None:
        super().__init__(f"{self.heading}：" + "；".join(problems[:20]), {})
        self.problems = problems

    @property
    def heading(self) -> str:
        return f"{self.what}导入失败，未导入任何数据"


class TableError(Exception):
    """The file cannot be read as a table; `problems` are Chinese lines saying why."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("；".join(problems))
        self.problems = problems


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise TableError(["无法识别文件编码，请另存为 UTF-8 或 GB18030 编码的 CSV"])


def _bounded(rows: Iterable[Sequence[object]], max_rows: int) -> list[Sequence[object]]:
    """The rows (blank ones as an empty tuple), refused as soon as there are too many."""
    table: list[Sequence[object]] = []
    filled = 0
    for row in rows:
        if all(_blank(value) for value in row):
            table.append(())
            continue
        filled += 1
        if filled > max_rows + 1:  # the header and max_rows data rows
            raise TableError([f"数据行超过 {max_rows} 行，请分批导入"])
        table.append(list(row))
    return table


def _csv_table(data: bytes, max_rows: int) -> list[Sequence[object]]:
    try:
        return _bounded(csv.reader(io.StringIO(_decode(data))), max_rows)
    except csv.Error:
        raise TableError(["CSV 文件格式有误，请用 Excel 另存为 CSV 后重试"]) from None


def _xlsx_table(data: bytes, max_rows: int) -> list[Sequence[object]]:
    from openpyxl import load_workbook

    try:
        with warnings.catch_warnings():
            # e.g. "Workbook contains no default style": harmless in files from other tools
            warnings.simplefilter("ignore", UserWarning)
            book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        raise TableError(["文件不是有效的 Excel（.xlsx）文件"]) from None
    try:
        return _bounded(book.worksheets[0].iter_rows(values_only=True), max_rows)
    finally:
        book.close()


def read_table(
    data: bytes,
    filename: str,
    *,
    columns: Sequence[str],
    required: Sequence[str],
    max_bytes: int,
    max_rows: int,
    refused: Callable[[list[str]], Exception] = TableError,
) -> list[dict[str, object]]:
    """The data rows as {column: value}, by extension; `refused(problems)` is raised (an import's
    own error, TableError by default) with Chinese lines saying what is wrong."""
    try:
        return _rows(data, filename, columns, required, max_bytes, max_rows)
    except TableError as error:
        if refused is TableError:
            raise
        raise refused(error.problems) from None


def _rows(
    data: bytes,
    filename: str,
    columns: Sequence[str],
    required: Sequence[str],
    max_bytes: int,
    max_rows: int,
) -> list[dict[str, object]]:
    if len(data) > max_bytes:
        raise TableError([f"文件超过 {max_bytes // (1024 * 1024)} MB"])
    kind = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if kind == "csv":
        table = _csv_table(data, max_rows)
    elif kind == "xlsx":
        table = _xlsx_table(data, max_rows)
    else:
        raise TableError(["只接受 .csv 或 .xlsx 文件"])
    if not table:
        raise TableError([f"文件是空的（第 1 行应为表头：{'、'.join(columns)}）"])
    positions = _positions(table[0], columns, required)
    return [
        {name: (row[i] if i < len(row) else None) for name, i in positions.items()}
        for row in table[1:]
    ]


def _positions(
    header_row: Sequence[object], columns: Sequence[str], required: Sequence[str]
) -> dict[str, int]:
    """Where each known column is in the header row; TableError naming any missing one."""
    header = [str(cell or "").strip().lstrip("\ufeff") for cell in header_row]
    missing = [name for name in required if name not in header]
    if missing:
        names = "、".join(f"“{name}”" for name in missing)
        raise TableError([f"第 1 行：缺少{names}列（表头应为：{'、'.join(columns)}）"])
    return {name: header.index(name) for name in columns if name in header}


def read_upload(source: str | Path | BinaryIO, max_bytes: int) -> bytes:
    """The bytes of a path or an open stream, one byte past the limit at most (so read_table
    can say the file is too big without reading all of it)."""
    if isinstance(source, str | Path):
        with Path(source).open("rb") as stream:
            return stream.read(max_bytes + 1)
    return source.read(max_bytes + 1)


def _csv_encoding(path: Path) -> str:
    """utf-8-sig when the whole file decodes as UTF-8, else gb18030 (read in chunks, not kept)."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    with path.open("rb") as stream:
        try:
            while chunk := stream.read(1 << 20):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return "gb18030"
    return "utf-8-sig"


def _stream_csv(path: Path) -> Iterator[Sequence[object]]:
    encoding = _csv_encoding(path)
    with path.open(encoding=encoding, errors="strict", newline="") as stream:
        try:
            yield from csv.reader(stream)
        except (csv.Error, UnicodeDecodeError):
            raise TableError(["CSV 文件格式有误，请用 Excel 另存为 CSV 后重试"]) from None


def _stream_xlsx(path: Path) -> Iterator[Sequence[object]]:
    from openpyxl import load_workbook

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)
            book = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        raise TableError(["文件不是有效的 Excel（.xlsx）文件"]) from None
    try:
        yield from book.worksheets[0].iter_rows(values_only=True)
    finally:
        book.close()


def stream_table(
    path: str | Path,
    filename: str,
    *,
    columns: Sequence[str],
    required: Sequence[str],
    refused: Callable[[list[str]], Exception] = TableError,
) -> Iterator[tuple[int, dict[str, object]]]:
    """(line, {column: value}) for each non-blank data row of a file of any size, one row in
    memory at a time (the header is line 1). `refused(problems)` as for read_table."""
    try:
        yield from _stream_rows(Path(path), filename, columns, required)
    except TableError as error:
        if refused is TableError:
            raise
        raise refused(error.problems) from None


def _stream_rows(
    path: Path, filename: str, columns: Sequence[str], required: Sequence[str]
) -> Iterator[tuple[int, dict[str, object]]]:
    kind = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if kind not in ("csv", "xlsx"):
        raise TableError(["只接受 .csv 或 .xlsx 文件"])
    rows = _stream_csv(path) if kind == "csv" else _stream_xlsx(path)
    header = next(rows, None)
    if header is None:
        raise TableError([f"文件是空的（第 1 行应为表头：{'、'.join(columns)}）"])
    positions = _positions(header, columns, required)
    for line, row in enumerate(rows, start=2):
        if all(_blank(value) for value in row):
            continue
        yield line, {name: (row[i] if i < len(row) else None) for name, i in positions.items()}
