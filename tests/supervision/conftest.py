"""A supervision scene: reports from 沈阳 and 大连 at different times, some of them overdue."""

from __future__ import annotations

from datetime import timedelta
from html.parser import HTMLParser
from io import BytesIO

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from scheduler.sweep import sweep
from tests.helpers import REPORT, complete
from webapp.extensions import db
from webapp.models import Organisation, WorkItem


def submit_reports(api, username: str, count: int) -> list[int]:
    """Start `count` school reports and complete the school task: a city review is then open."""
    school = api(username)
    ids = []
    for _ in range(count):
        started = school.post(
            "/api/v1/processes/school_report/instances", json={"data": {}}
        ).get_json()
        complete(school, started["tasks"][0]["id"], REPORT)
        ids.append(started["id"])
    return ids


def start_report(api, username: str) -> int:
    """Start a report and leave the school task (due in 10 days) open."""
    started = api(username).post("/api/v1/processes/school_report/instances", json={"data": {}})
    return started.get_json()["id"]


@pytest.fixture
def scene(deployed, api, clock):
    """At Mon 2026-03-09 09:00 Shanghai, four open deadlines:

    - 沈阳 (school) two 市级初审 started Mon 03-02, due Sat 03-07: overdue, -1 working day;
    - 大连 (school2) one 市级初审 started Thu 03-05, due Tue 03-10: 1 working day, soon;
    - 大连 one 填报办学情况 started Thu 03-05, due Sun 03-15: 4 working days, normal.
    The scheduler has swept, so escalation states are what the reminders left.
    """
    shenyang = submit_reports(api, "school", 2)
    clock.advance(timedelta(days=3))
    dalian = submit_reports(api, "school2", 1)
    dalian_open = start_report(api, "school2")
    clock.advance(timedelta(days=4))
    sweep(deployed, clock)
    return {"shenyang": shenyang, "dalian": dalian, "dalian_open": dalian_open}


class _TableReader(HTMLParser):
    """The rows of the dashboard's table: each a dict of its classes, item id and cell texts."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[dict] = []
        self._in_body = False
        self._cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "tbody":
            self._in_body = True
        elif tag == "tr" and self._in_body:
            self.rows.append({"class": attrs.get("class", ""), "id": int(attrs["data-item"])})
            self.rows[-1]["cells"] = []
        elif tag == "td" and self._in_body:
            self._cell = []

    def handle_endtag(self, tag):
        if tag == "tbody":
            self._in_body = False
        elif tag == "td" and self._cell is not None:
            self.rows[-1]["cells"].append("".join(self._cell).strip())
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def page_rows(html: str) -> list[dict]:
    reader = _TableReader()
    reader.feed(html)
    return reader.rows


def identity(cells: list) -> tuple:
    """What tells one deadline from another: 事项, 当前环节, 学校, 截止日期."""
    return (cells[1], cells[2], cells[4], cells[6])


def read_xlsx(data: bytes):
    """(title, headers, data rows, worksheet) of an export."""
    sheet = load_workbook(BytesIO(data)).active
    rows = list(sheet.iter_rows(values_only=True))
    return rows[0][0], list(rows[1]), [list(row) for row in rows[2:]], sheet


def clone_items(app, item_id: int, count: int, **changes) -> None:
    """`count` copies of a work item (new task ids), each with `changes` applied."""
    with app.app_context():
        item = db.session.get(WorkItem, item_id)
        columns = {c.key: getattr(item, c.key) for c in WorkItem.__table__.columns}
        columns.pop("id")
        for i in range(count):
            fields = {**columns, "task_id": f"clone-{item_id}-{i}"}
            fields.update({k: v(i) if callable(v) else v for k, v in changes.items()})
            db.session.add(WorkItem(**fields))
        db.session.commit()


def update_item(app, item_id: int, **values) -> None:
    with app.app_context():
        item = db.session.get(WorkItem, item_id)
        for key, value in values.items():
            setattr(item, key, value)
        db.session.commit()


def org_id(app, code: str) -> int:
    with app.app_context():
        return db.session.scalar(select(Organisation.id).where(Organisation.code == code))


def open_item_ids(app, instance_id: int) -> list[int]:
    with app.app_context():
        return list(
            db.session.scalars(
                select(WorkItem.id).where(
                    WorkItem.instance_id == instance_id, WorkItem.status == "open"
                )
            )
        )
