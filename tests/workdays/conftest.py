"""Calendar test helpers: sample files (CSV in either encoding, XLSX) and the admin user."""

from __future__ import annotations

from datetime import date

from tests.helpers import csv_file, xlsx_file

ROWS_2027 = [
    ("2027-02-06", "休", "春节"),
    ("2027/2/8", "休", "春节"),
    ("2027-02-20", "班", "调休上班"),
]


def csv_bytes(rows, encoding: str = "utf-8-sig", header=("日期", "类型", "备注")) -> bytes:
    return csv_file(header, rows, encoding)


def xlsx_bytes(rows, header=("日期", "类型", "备注")) -> bytes:
    return xlsx_file(header, rows)


XLSX_ROWS = [(date(2027, 2, 6), "休", "春节"), ("2027/2/20", "上班", None)]
