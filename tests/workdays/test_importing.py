"""Reading calendar files: encodings, formats, synonyms, and one Chinese message per bad row."""

from __future__ import annotations

from datetime import date

import pytest

from tests.workdays.conftest import ROWS_2027, XLSX_ROWS, csv_bytes, xlsx_bytes
from webapp.workdays.importing import CalendarImportError, CalendarRow, parse_rows, read_table


def _rows(data: bytes, filename: str) -> list[CalendarRow]:
    return parse_rows(read_table(data, filename))


GOOD = [
    CalendarRow(2, date(2027, 2, 6), False, "春节"),
    CalendarRow(3, date(2027, 2, 8), False, "春节"),
    CalendarRow(4, date(2027, 2, 20), True, "调休上班"),
]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_csv_in_each_encoding(encoding):
    assert _rows(csv_bytes(ROWS_2027, encoding), "2027.csv") == GOOD


def test_xlsx_with_date_cells_and_text_dates():
    assert _rows(xlsx_bytes(XLSX_ROWS), "2027.XLSX") == [
        CalendarRow(2, date(2027, 2, 6), False, "春节"),
        CalendarRow(3, date(2027, 2, 20), True, ""),
    ]


@pytest.mark.parametrize(
    ("kind", "working"),
    [
        ("休", False),
        ("假", False),
        ("节假日", False),
        ("休息", False),
        ("班", True),
        ("上班", True),
        ("工作日", True),
    ],
)
def test_kind_synonyms(kind, working):
    (row,) = _rows(csv_bytes([("2027-10-01", kind, "")]), "a.csv")
    assert row.is_working is working


def test_every_bad_row_is_named():
    rows = [
        ("2027-02-06", "休", "春节"),
        ("2027-13-01", "休", ""),
        ("2027-02-07", "放羊", ""),
        ("", "班", ""),
        ("2027-02-06", "班", ""),
    ]
    with pytest.raises(CalendarImportError) as caught:
        _rows(csv_bytes(rows), "a.csv")
    assert caught.value.problems == [
        "第 3 行：日期“2027-13-01”无效（应如 2027-02-06）",
        "第 4 行：类型“放羊”无效（应为“休”或“班”）",
        "第 5 行：缺少日期",
        "第 6 行：日期 2027-02-06 与第 2 行重复",
    ]


def test_blank_lines_are_skipped_but_counted():
    data = "日期,类型\n2027-02-06,休\n,\n2027-02-31,班\n".encode()
    with pytest.raises(CalendarImportError) as caught:
        _rows(data, "a.csv")
    assert caught.value.problems == ["第 4 行：日期“2027-02-31”无效（应如 2027-02-06）"]


@pytest.mark.parametrize(
    ("data", "filename", "problem"),
    [
        (csv_bytes(ROWS_2027, header=("day", "kind")), "a.csv", "第 1 行：缺少“日期”、“类型”列"),
        (b"", "a.csv", "文件是空的"),
        ("日期,类型\n".encode(), "a.csv", "文件中没有数据行"),
        (b"PK\x03\x04 not really", "a.xlsx", "不是有效的 Excel"),
        (csv_bytes(ROWS_2027), "a.txt", "只接受 .csv 或 .xlsx 文件"),
        (b"x" * (1024 * 1024 + 1), "a.csv", "文件超过 1 MB"),
    ],
)
def test_unreadable_files_are_refused(data, filename, problem):
    with pytest.raises(CalendarImportError) as caught:
        _rows(data, filename)
    assert problem in caught.value.problems[0]
