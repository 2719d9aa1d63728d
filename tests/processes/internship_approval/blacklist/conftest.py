"""Blacklist test helpers: valid credit codes, sample files (CSV in either encoding, XLSX), the admin."""

from __future__ import annotations

from datetime import date

from stdnum.cn import uscc

from tests.helpers import csv_file, xlsx_file

HEADER = ("统一社会信用代码", "单位名称", "列入原因", "来源", "列入日期", "有效期至")
TODAY = date(2026, 3, 2)  # the clock fixture's day in Asia/Shanghai


def code(body: str) -> str:
    """A valid 统一社会信用代码 from its first 17 characters."""
    return body + uscc.calc_check_digit(body)


UNIT_A = code("91210100MA0Y6LL30")
UNIT_B = code("91210102MA0P4BCF0")
UNIT_C = code("91210200MA0QE1K20")
BAD_CHECK = UNIT_A[:17] + ("0" if UNIT_A[17] != "0" else "1")

ROWS = [
    (
        UNIT_A,
        "沈阳某某劳务派遣有限公司",
        "拖欠实习学生报酬",
        "辽宁省失信名单（2025）第3号",
        "2025-06-01",
        "",
    ),
    (
        "",
        "大连某某(集团)有限公司",
        "安排学生从事高危作业",
        "辽宁省失信名单（2025）第3号",
        "2025/6/1",
        "2027-05-31",
    ),
    (UNIT_B, "鞍山某某电子厂", "违规收取押金", "", "", ""),
]


def csv_bytes(rows, encoding: str = "utf-8-sig", header=HEADER) -> bytes:
    return csv_file(header, rows, encoding)


def xlsx_bytes(rows, header=HEADER) -> bytes:
    return xlsx_file(header, rows)
