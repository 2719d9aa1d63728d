"""Helpers the tests share: play a task through the API, read the inbox."""

from __future__ import annotations

import io
import subprocess
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from urllib.parse import urlsplit

from openpyxl import Workbook
from sqlalchemy import event, select

from webapp.extensions import db


def inbox(caller, **params) -> list[dict]:
    response = caller.get("/api/v1/tasks", query_string=params)
    assert response.status_code == 200, response.get_json()
    return response.get_json()["items"]


def only_task(caller, name: str) -> dict:
    items = [item for item in inbox(caller) if item["name"] == name]
    assert len(items) == 1, f"expected one '{name}' in the inbox, got {inbox(caller)}"
    return items[0]


PDF = b"%PDF-1.4\n%%EOF\n"


def upload(caller, item_id: int, field: str, name: str = "材料.pdf", body: bytes = PDF) -> dict:
    """Upload a file for a task's file field through the API; returns the reference to submit."""
    response = caller.client.post(
        f"/api/v1/tasks/{item_id}/attachments",
        data={"field": field, "file": (io.BytesIO(body), name)},
        headers=caller.headers,
        content_type="multipart/form-data",
    )
    assert response.status_code == 201, response.get_json()
    reply = response.get_json()
    return {"attachment_id": reply["attachment_id"], "filename": reply["filename"]}


def start_with(app, key: str, username: str, data: dict) -> int:
    """Start with process data, as a process's own code does (users cannot set it)."""
    from webapp.models import User
    from webapp.services import instances

    with app.app_context():
        user = db.session.scalar(select(User).where(User.username == username))
        instance = instances.start(key, user, app.extensions["clock"], process_data=data)
        db.session.commit()
        return instance.id


def complete(caller, item_id: int, data: dict, status: int = 200) -> dict:
    response = caller.post(f"/api/v1/tasks/{item_id}/complete", json={"data": data})
    assert response.status_code == status, response.get_json()
    return response.get_json()


def pdf_text(app, document_id: int) -> str:
    """An issued document's text as pdftotext lays it out."""
    from webapp.documents import open_document
    from webapp.models import IssuedDocument

    with app.app_context():
        document = db.session.get(IssuedDocument, document_id)
        pdf = open_document(document, app.config["UPLOAD_DIR"])
    return subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()


REPORT = {
    "period": "2026年春季学期",
    "enrolled": 1500,
    "full_time_teachers": 80,
    "summary": "本学期招生、教学、实习情况正常。",
}


@contextmanager
def count_queries(app=None) -> Iterator[list[str]]:
    """The SQL statements the app's engine runs inside the block (to prove there is no N+1);
    without an app, the engine of the app context already pushed."""
    statements: list[str] = []
    if app is None:
        engine = db.engine
    else:
        with app.app_context():
            engine = db.engine

    def _count(conn, cursor, statement, *args) -> None:
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", _count)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", _count)


def csv_file(
    header: Sequence[str], rows: Iterable[Sequence[str]], encoding: str = "utf-8-sig"
) -> bytes:
    """An uploaded .csv: the header line, then the rows."""
    lines = [",".join(header)] + [",".join(row) for row in rows]
    return ("\n".join(lines) + "\n").encode(encoding)


def xlsx_file(header: Sequence[object], rows: Iterable[Sequence[object]]) -> bytes:
    """An uploaded .xlsx: one sheet, the header row, then the rows."""
    book = Workbook()
    sheet = book.active
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def log_in(page, base: str, username: str) -> None:
    """Log a browser page in as a demo user (password Demo@2026); it lands on the inbox."""
    page.goto(f"{base}/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "Demo@2026")
    page.click("button[type=submit]")
    page.wait_for_load_state()
    assert urlsplit(page.url).path == "/inbox", page.url


def new_students(count: int, first: int = 1) -> list[dict]:
    """A batch's list of new students (新生名单) with valid 身份证号 nobody has registered."""
    from stdnum.cn import ric

    rows = []
    for serial in range(first, first + count):
        body = f"210102201009{serial % 28 + 1:02d}{serial % 1000:03d}"
        rows.append({"name": f"新生{serial}", "id_number": body + ric.calc_check_digit(body + "0")})
    return rows
