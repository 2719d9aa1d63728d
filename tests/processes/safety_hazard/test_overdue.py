"""A hazard past its deadline: the timer takes the open rectification away, the school's city
and the supervisors are told, the school rectifies late, and the missed item stays on the
督办 dashboard (and its export) until THAT hazard is accepted — not when another one is."""

from __future__ import annotations

from datetime import datetime
from io import BytesIO

from openpyxl import load_workbook

from scheduler.sweep import sweep
from tests.processes.safety_hazard.helpers import record, rectify, task, verify


def _rows(api) -> list[dict]:
    return api("supervisor").get("/api/v1/supervision/deadlines").get_json()["items"]


def _titles(caller) -> list[str]:
    body = caller.get("/api/v1/notifications").get_json()
    assert "items" in body, body
    return [n["title"] for n in body["items"]]


def test_the_dashboard_and_its_export_show_each_hazards_deadline(deployed, api, login_as):
    record(api("city"))
    rows = {row["task"]: row for row in _rows(api)}
    assert rows["整改安全隐患：1号 消防隐患（一般）"]["due_at"].startswith("2026-03-16")
    assert rows["整改安全隐患：2号 水电隐患（重大）"]["due_at"].startswith("2026-04-14")
    sheet = login_as("supervisor").get("/supervision/export.xlsx")
    assert sheet.status_code == 200
    cells = [
        str(c)
        for row in load_workbook(BytesIO(sheet.data)).active.iter_rows(values_only=True)
        for c in row
    ]
    assert any("1号 消防隐患（一般）" in c for c in cells)
    assert any(c.startswith("2026-03-16") for c in cells)


def test_an_overdue_hazard_stays_before_the_supervisors_until_it_is_accepted(deployed, api, clock):
    city, school = api("city"), api("school")
    record(city)
    clock.set(datetime.fromisoformat("2026-03-17T09:00:00+08:00"))  # hazard 1 (一般) is past
    assert sweep(deployed, clock).failed == 0
    city, school = api("city"), api("school")  # fresh tokens at the new time
    [missed] = [row for row in _rows(api) if row["missed"]]
    assert missed["task"] == "整改安全隐患：1号 消防隐患（一般）"
    assert missed["note"] == "2 项隐患：已完成 0 项，未完成 2 项"
    assert any(t.startswith("安全隐患逾期未整改：1号") for t in _titles(city))
    assert any("1号 消防隐患（一般）" in t for t in _titles(api("supervisor")))
    assert not any("逾期" in t for t in _titles(api("city2")))
    # Hazard 2 is accepted first: hazard 1's miss is not made good by it.
    rectify(school, 2)
    verify(city, 2)
    assert [row["task"] for row in _rows(api) if row["missed"]] == [missed["task"]]
    rectify(school, 1, kind="逾期")
    verify(city, 1, "return")
    assert [row for row in _rows(api) if row["missed"]]
    rectify(school, 1, kind="逾期")  # a returned late hazard goes back to the late step
    verify(city, 1)
    assert [row for row in _rows(api) if row["missed"]] == []


def test_a_hazard_rectified_in_time_is_never_missed(deployed, api, clock):
    city, school = api("city"), api("school")
    record(city)
    rectify(school, 1)
    clock.set(datetime.fromisoformat("2026-03-17T09:00:00+08:00"))
    sweep(deployed, clock)
    assert [row for row in _rows(api) if row["missed"]] == []
    assert task(api("city"), "验收", 1)
