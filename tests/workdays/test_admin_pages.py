"""The calendar admin page: admins only, day edits with field errors, and file import."""

from __future__ import annotations

import io
import re

import pytest
from sqlalchemy import select

from tests.workdays.conftest import ROWS_2027, csv_bytes, xlsx_bytes
from webapp.extensions import db
from webapp.models import CalendarDay, CalendarYear


@pytest.fixture
def admin_client(login_as):
    return login_as("admin")


def _days(app) -> dict:
    with app.app_context():
        return {
            row.day.isoformat(): row.is_working for row in db.session.scalars(select(CalendarDay))
        }


def _upload(client, data: bytes, filename: str, **form):
    response = client.post(
        "/admin/calendar/import",
        data={"year": "2027", "file": (io.BytesIO(data), filename), **form},
        content_type="multipart/form-data",
    )
    # the test client spools a large request body to a temporary file that nobody else closes
    response.request.environ["wsgi.input"].close()
    return response


def test_only_admins_see_the_pages(login_as):
    school = login_as("school")
    assert school.get("/admin/calendar").status_code == 404
    assert school.get("/admin/").status_code == 404
    assert school.post("/admin/calendar/days", data={"day": "2027-02-06"}).status_code == 404
    assert "系统管理" not in school.get("/todo").get_data(as_text=True)
    admin = login_as("admin")
    assert "系统管理" in admin.get("/todo").get_data(as_text=True)
    assert admin.get("/admin/").status_code == 200


def test_page_shows_the_package_days(demo, admin_client):
    html = admin_client.get("/admin/calendar?year=2026").get_data(as_text=True)
    assert "chinesecalendar 软件包数据" in html
    assert "2026-02-14" in html and "春节" in html


def test_every_form_carries_a_csrf_token(demo, admin_client):
    admin_client.post("/admin/calendar/days", data={"day": "2027-02-08", "kind": "休"})
    html = admin_client.get("/admin/calendar?year=2027").get_data(as_text=True)
    forms = re.findall(r'<form method="post".*?</form>', html, re.S)
    # mark the year complete, delete the override, set a day, import a file, log out
    assert len(forms) == 5
    assert all(re.search(r'name="csrf_token" value="[^"]+"', form) for form in forms)


def test_year_without_data_is_flagged(demo, admin_client):
    html = admin_client.get("/admin/calendar?year=2035").get_data(as_text=True)
    assert "暂定" in html and "标记 2035 年日历已完整录入" in html


def test_admin_adds_and_deletes_a_day(demo, admin_client):
    response = admin_client.post(
        "/admin/calendar/days",
        data={"year": "2027", "day": "2027/2/8", "kind": "休", "note": "春节"},
    )
    assert response.status_code == 302 and response.location.endswith("/admin/calendar?year=2027")
    assert _days(demo) == {"2027-02-08": False}
    html = admin_client.get("/admin/calendar?year=2027").get_data(as_text=True)
    assert "已将 2027-02-08 设为放假" in html and "删除调整" in html
    assert admin_client.post("/admin/calendar/days/2027-02-08/delete").status_code == 302
    assert _days(demo) == {}
    assert admin_client.post("/admin/calendar/days/2027-02-08/delete").status_code == 404


def test_field_errors_keep_the_input(demo, admin_client):
    response = admin_client.post(
        "/admin/calendar/days",
        data={"year": "2027", "day": "2027-13-01", "kind": "", "note": "春节调休"},
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'value="2027-13-01"' in html and 'value="春节调休"' in html
    assert "请填写 2000–2100 年间的有效日期" in html and "请选择“休”或“班”" in html
    long_note = admin_client.post(
        "/admin/calendar/days",
        data={"year": "2027", "day": "2027-02-08", "kind": "班", "note": "长" * 101},
    )
    assert long_note.status_code == 422
    assert "不能超过 100 字" in long_note.get_data(as_text=True)
    assert _days(demo) == {}


def test_admin_imports_a_file_and_completes_the_year(demo, admin_client):
    response = _upload(admin_client, xlsx_bytes(ROWS_2027), "2027.xlsx", complete="1")
    assert response.status_code == 302
    assert _days(demo) == {"2027-02-06": False, "2027-02-08": False, "2027-02-20": True}
    with demo.app_context():
        assert db.session.get(CalendarYear, 2027).complete
    html = admin_client.get("/admin/calendar?year=2027").get_data(as_text=True)
    assert "新增 3 行" in html and "已标记完整录入" in html


def test_a_bad_file_imports_nothing(demo, admin_client):
    rows = [*ROWS_2027, ("2027-13-01", "休", "")]
    response = _upload(admin_client, csv_bytes(rows, "gb18030"), "2027.csv")
    assert response.status_code == 422
    assert "第 5 行：日期“2027-13-01”无效" in response.get_data(as_text=True)
    assert _days(demo) == {}


@pytest.mark.parametrize(
    ("data", "filename", "message"),
    [
        (b"hello", "2027.txt", "只接受 .csv 或 .xlsx 文件"),
        (b"x" * (1024 * 1024 + 10), "2027.csv", "文件超过 1 MB"),
    ],
)
def test_other_files_are_refused(demo, admin_client, data, filename, message):
    response = _upload(admin_client, data, filename)
    assert response.status_code == 422 and message in response.get_data(as_text=True)


def test_admin_marks_a_year_complete_by_hand(demo, admin_client):
    assert (
        admin_client.post(
            "/admin/calendar/year", data={"year": "2027", "complete": "1"}
        ).status_code
        == 302
    )
    html = admin_client.get("/admin/calendar?year=2027").get_data(as_text=True)
    assert "取消“已完整录入”标记" in html
