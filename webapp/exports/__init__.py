"""Excel exports of the lists officials work from: rows in, safe .xlsx bytes out."""

from .xlsx import XLSX_MIMETYPE, Column, Sheet, attachment_header, neutralise, workbook_bytes

__all__ = [
    "XLSX_MIMETYPE",
    "Column",
    "Sheet",
    "attachment_header",
    "neutralise",
    "workbook_bytes",
]
