"""The reusable rows → xlsx writer in webapp/exports, without the app."""

from __future__ import annotations

import pytest

from tests.supervision.conftest import read_xlsx
from webapp.exports import Column, Sheet, attachment_header, neutralise, workbook_bytes


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+86 24 1234", "'+86 24 1234"),
        ("-3", "'-3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("沈阳市", "沈阳市"),
        ("a=b", "a=b"),
        ("bell\x07", "bell"),  # control characters Excel refuses are dropped
        (-3, -3),
        (None, None),
    ],
)
def test_neutralise(value, expected):
    assert neutralise(value) == expected


def test_workbook_layout():
    data = workbook_bytes(
        [Column("名称", 30), Column("数量", 8)],
        [["=cmd|' /C calc'!A0", 1], ["正常", -2]],
        title="清单　筛选条件：全部",
        sheet_name="清单",
        note="仅导出前 2 条",
    )
    title, headers, rows, sheet = read_xlsx(data)
    assert title == "清单　筛选条件：全部" and headers == ["名称", "数量"]
    assert rows == [["'=cmd|' /C calc'!A0", 1], ["正常", -2], ["仅导出前 2 条", None]]
    assert sheet.title == "清单" and sheet.freeze_panes == "A3"
    assert sheet.column_dimensions["A"].width == 30
    assert sheet["A2"].font.bold and sheet["A3"].data_type == "s" and sheet["B4"].data_type == "n"


def test_attachment_header():
    header = attachment_header("督办清单-2026-03-02.xlsx", "supervision-2026-03-02.xlsx")
    assert header == (
        'attachment; filename="supervision-2026-03-02.xlsx"; '
        "filename*=UTF-8''%E7%9D%A3%E5%8A%9E%E6%B8%85%E5%8D%95-2026-03-02.xlsx"
    )
    with pytest.raises(ValueError):
        attachment_header("督办.xlsx", "督办.xlsx")


def test_more_sheets_follow_the_first_laid_out_the_same_way():
    from io import BytesIO

    from openpyxl import load_workbook

    extra = Sheet("第二页", "第二页标题", [Column("学校")], [["=沈阳"]], note="备注")
    data = workbook_bytes([Column("流程")], [["年检"]], title="标题", sheet_name="督办清单",
                          more_sheets=[extra])  # fmt: skip
    book = load_workbook(BytesIO(data))
    assert book.sheetnames == ["督办清单", "第二页"]
    rows = list(book["第二页"].iter_rows(values_only=True))
    assert rows == [("第二页标题",), ("学校",), ("'=沈阳",), ("备注",)]
    assert book["第二页"].freeze_panes == "A3"
