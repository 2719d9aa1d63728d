"""Reading a catalogue file (CSV or XLSX) into checked rows, all or nothing.

Columns: 专业代码, 专业名称, 专业大类, 专业类 (required), 专业大类代码, 专业类代码, 涉农, 国家控制布点,
有效期起, 有效期止 (optional). parse_rows returns every row or raises CatalogueImportError naming each
bad row in Chinese ("第 4 行，专业代码：…"). The header is line 1, so rows[i] is line i + 2.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from webapp import spreadsheets

MAX_IMPORT_BYTES = 1024 * 1024
MAX_ROWS = 2000
REQUIRED_COLUMNS = ("专业代码", "专业名称", "专业大类", "专业类")
COLUMNS = (
    *REQUIRED_COLUMNS,
    "专业大类代码",
    "专业类代码",
    "涉农",
    "国家控制布点",
    "有效期起",
    "有效期止",
)
SECONDARY_CATEGORIES = range(61, 80)  # 中职 大类 codes in the 2021 catalogue: 61–79
VERSION_PATTERN = re.compile(r"^[0-9]{4}[\u4e00-\u9fff0-9A-Za-z（）()]{0,20}$")
_CODE = re.compile(r"^[0-9]{6}$")
YES = {"是", "Y", "y", "1", "TRUE", "true", "True", "√"}
NO = {"否", "N", "n", "0", "FALSE", "false", "False", ""}


class CatalogueImportError(spreadsheets.ImportRefused):
    what = "专业目录"


@dataclass(frozen=True)
class Entry:
    """One checked catalogue row."""

    code: str
    name: str
    category_code: str
    category_name: str
    class_code: str
    class_name: str
    agricultural: bool
    state_controlled: bool
    valid_from: date | None
    valid_to: date | None


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _flag(value: object) -> bool | None:
    text = _text(value)
    if text in YES:
        return True
    if text in NO:
        return False
    return None


def _day(value: object) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _text(value)
    if not text:
        return None
    return date.fromisoformat(text)  # ValueError for anything else


def _check_codes(row: Mapping[str, object], code: str, problems: dict[str, str]) -> None:
    if not _CODE.match(code):
        problems["专业代码"] = f"“{code}”应为 6 位数字"
        return
    if int(code[:2]) not in SECONDARY_CATEGORIES:
        problems["专业代码"] = f"“{code}”不是中职专业代码（专业大类代码应为 61–79）"
    for column, width in (("专业大类代码", 2), ("专业类代码", 4)):
        given = _text(row.get(column))
        if given and given != code[:width]:
            problems[column] = f"“{given}”与专业代码前 {width} 位“{code[:width]}”不一致"


def _check_row(row: Mapping[str, object]) -> tuple[Entry | None, dict[str, str]]:
    problems: dict[str, str] = {}
    code = _text(row.get("专业代码"))
    _check_codes(row, code, problems)
    for column in ("专业名称", "专业大类", "专业类"):
        if not _text(row.get(column)):
            problems[column] = "不能为空"
        elif len(_text(row.get(column))) > 50:
            problems[column] = "不能超过 50 个字"
    flags = {}
    for column in ("涉农", "国家控制布点"):
        flags[column] = _flag(row.get(column))
        if flags[column] is None:
            problems[column] = f"“{_text(row.get(column))}”无法识别，请填“是”或“否”"
    days = {}
    for column in ("有效期起", "有效期止"):
        try:
            days[column] = _day(row.get(column))
        except ValueError:
            problems[column] = f"“{_text(row.get(column))}”不是有效日期，应如 2021-09-01"
    start, end = days.get("有效期起"), days.get("有效期止")
    if start and end and end < start:
        problems["有效期止"] = "不能早于有效期起"
    if problems:
        return None, problems
    entry = Entry(
        code=code,
        name=_text(row.get("专业名称")),
        category_code=code[:2],
        category_name=_text(row.get("专业大类")),
        class_code=code[:4],
        class_name=_text(row.get("专业类")),
        agricultural=bool(flags["涉农"]),
        state_controlled=bool(flags["国家控制布点"]),
        valid_from=start,
        valid_to=end,
    )
    return entry, {}


def _consistency(entries: list[tuple[int, Entry]]) -> list[str]:
    """The same code twice, or one 大类/类 code under two names, in one file."""
    problems: list[str] = []
    seen: dict[str, int] = {}
    names: dict[str, tuple[str, int]] = {}
    for line, entry in entries:
        if entry.code in seen:
            problems.append(f"第 {line} 行，专业代码：“{entry.code}”与第 {seen[entry.code]} 行重复")
        seen.setdefault(entry.code, line)
        for key, name, column in (
            (entry.category_code, entry.category_name, "专业大类"),
            (entry.class_code, entry.class_name, "专业类"),
        ):
            first = names.setdefault(key, (name, line))
            if first[0] != name:
                problems.append(
                    f"第 {line} 行，{column}：代码 {key} 在第 {first[1]} 行名为“{first[0]}”，"
                    f"此处为“{name}”"
                )
    return problems


def parse_rows(rows: Sequence[Mapping[str, object]]) -> list[Entry]:
    """Checked rows (blank ones skipped), or CatalogueImportError naming every bad row."""
    problems: list[str] = []
    entries: list[tuple[int, Entry]] = []
    for index, row in enumerate(rows):
        if not any(_text(value) for value in row.values()):
            continue
        entry, row_problems = _check_row(row)
        line = index + 2
        problems += [f"第 {line} 行，{column}：{text}" for column, text in row_problems.items()]
        if entry is not None:
            entries.append((line, entry))
    problems += _consistency(entries)
    if not entries and not problems:
        problems.append(f"文件中没有数据行（第 1 行为表头：{'、'.join(COLUMNS)}）")
    if problems:
        raise CatalogueImportError(problems)
    return [entry for _line, entry in entries]


def check_version(version: str) -> str:
    version = (version or "").strip()
    if not VERSION_PATTERN.match(version):
        raise CatalogueImportError([f"目录版本“{version}”无效，应以年份开头，如 2021、2025增补"])
    return version


def read_table(data: bytes, filename: str) -> list[dict[str, object]]:
    """The file's data rows as {column: value}, by extension (.csv or .xlsx)."""
    return spreadsheets.read_table(
        data,
        filename,
        columns=COLUMNS,
        required=REQUIRED_COLUMNS,
        max_bytes=MAX_IMPORT_BYTES,
        max_rows=MAX_ROWS,
        refused=CatalogueImportError,
    )
