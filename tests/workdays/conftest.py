"""Calendar test helpers: sample files (CSV in either encoding, XLSX) and the admin user."""

from __future__ import annotations

import io
from datetime import date

import pytest
from openpyxl import Workbook
from sqlalchemy import select

from webapp.extensions import db
from webapp.models import User

ROWS_2027 = [
    ("2027-02-06", "休", "春节"),
    ("2027/2/8", "休", "春节"),
    ("2027-02-20", "班", "调休上班"),
]


def csv_bytes(rows, encoding: str = "utf-8-sig", header=("日期", "类型", "备注")) -> bytes:
    lines = [",".join(header)] + [",".join(row) for row in rows]
    return ("\n".join(lines) + "\n").encode(encoding)


def xlsx_bytes(rows, header=("日期", "类型", "备注")) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.fixture
def admin(demo):
    """The demo admin user, inside an app context for service calls."""
    with demo.app_context():
        yield db.session.scalar(select(User).where(User.username == "admin"))


XLSX_ROWS = [(date(2027, 2, 6), "休", "春节"), ("2027/2/20", "上班", None)]
