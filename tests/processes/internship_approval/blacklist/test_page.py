"""The 违法失信单位名单 admin page: admins only, search, add with field errors, remove, import, export."""

from __future__ import annotations

import io
import re

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from tests.processes.internship_approval.blacklist.conftest import (
    BAD_CHECK,
    ROWS,
    UNIT_A,
    UNIT_B,
    csv_bytes,
    xlsx_bytes,
)
from webapp.extensions import db
from webapp.processes.internship_approval.models import BlacklistedUnit

URL = "/admin/blacklist"


@pytest.fixture
def admin_client(login_as):
    return login_as("admin")


def _listed(app) -> dict[str, bool]:
    with app.app_context():
        rows = db.session.scalars(select(BlacklistedUnit))
        return {row.credit_code or row.unit_name: row.active for row in rows}


def _upload(client, data: bytes, filename: str):
    response = client.post(
        f"{URL}/import",
        data={"file": (io.BytesIO(data), filename)},
        content_type="multipart/form-data",
    )
    # the test client spools a large request body to a temporary file that nobody else closes
    response.request.environ["wsgi.input"].close()
    return response


def _add(client, **values):
    return client.post(URL, data=values)


def test_only_admins_see_the_page(login_as):
    for role in ("school", "province"):
        client = login_as(role)
        assert client.get(URL).status_code == 404
        assert client.post(URL, data={"unit_name": "某公司"}).status_code == 404
        assert client.post(f"{URL}/1/remove", data={"reason": "x"}).status_code == 404
        assert client.get(f"{URL}/export.xlsx").status_code == 404
    admin = login_as("admin")
    assert "违法失信单位名单" in admin.get("/admin/").get_data(as_text=True)
    assert admin.get(URL).status_code == 200


def test_every_form_carries_a_csrf_token(demo, admin_client):
    _add(admin_client, credit_code=UNIT_A, unit_name="沈阳某某有限公司")
    html = admin_client.get(URL).get_data(as_text=True)
    forms = re.findall(r'<form method="post".*?</form>', html, re.S)
    # remove the entry, add, import, log out
    assert len(forms) == 4
    assert all(re.search(r'name="csrf_token" value="[^"]+"', form) for form in forms)


def test_admin_adds_a_unit(demo, admin_client):
    response = _add(
        admin_client,
        credit_code=UNIT_A,
        unit_name="沈阳某某有限公司",
        reason="拖欠实习学生报酬",
        source="辽宁省失信名单（2025）第3号",
        listed_on="2025-06-01",
        expires_on="",
    )
    assert response.status_code == 302 and response.location.endswith(URL)
    assert _listed(demo) == {UNIT_A: True}
    html = admin_client.get(URL).get_data(as_text=True)
    assert "已将“沈阳某某有限公司”列入违法失信单位名单" in html
    assert "拖欠实习学生报酬" in html and "<td>有效</td>" in html and "长期" in html
    again = _add(admin_client, credit_code=UNIT_A, reason="违规收取押金")
    assert again.status_code == 302
    assert "原已在名单中，已更新其信息" in admin_client.get(URL).get_data(as_text=True)


def test_field_errors_keep_the_input(demo, admin_client):
    response = _add(
        admin_client,
        credit_code=BAD_CHECK,
        unit_name="沈阳某某有限公司",
        reason="拖欠实习学生报酬",
        listed_on="2025-06-31",
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert f"统一社会信用代码“{BAD_CHECK}”校验位不正确" in html
    assert "列入日期“2025-06-31”无效" in html
    assert f'value="{BAD_CHECK}"' in html and 'value="沈阳某某有限公司"' in html
    assert 'value="拖欠实习学生报酬"' in html and 'aria-invalid="true"' in html
    nothing = _add(admin_client, reason="拖欠报酬")
    assert "统一社会信用代码和单位名称至少填写一项" in nothing.get_data(as_text=True)
    assert _listed(demo) == {}


def test_admin_removes_a_unit_with_a_reason(demo, admin_client):
    _add(admin_client, credit_code=UNIT_A, unit_name="沈阳某某有限公司")
    with demo.app_context():
        entry_id = db.session.scalar(select(BlacklistedUnit.id))
    no_reason = admin_client.post(f"{URL}/{entry_id}/remove", data={"reason": ""})
    assert no_reason.status_code == 302 and _listed(demo) == {UNIT_A: True}
    assert "请填写移出原因" in admin_client.get(URL).get_data(as_text=True)
    removed = admin_client.post(
        f"{URL}/{entry_id}/remove", data={"reason": "信用修复", "q": "沈阳", "status": ""}
    )
    assert removed.status_code == 302 and "q=%E6%B2%88%E9%98%B3" in removed.location
    assert _listed(demo) == {UNIT_A: False}
    html = admin_client.get(URL).get_data(as_text=True)
    assert "已将“沈阳某某有限公司”移出违法失信单位名单" in html and "<td>已移出</td>" in html
    assert (
        admin_client.post(f"{URL}/{entry_id + 9}/remove", data={"reason": "x"}).status_code == 404
    )


def test_admin_imports_a_file(demo, admin_client):
    response = _upload(admin_client, xlsx_bytes(ROWS), "名单.xlsx")
    assert response.status_code == 302
    assert _listed(demo) == {UNIT_A: True, "大连某某(集团)有限公司": True, UNIT_B: True}
    assert "新列入 3 家" in admin_client.get(URL).get_data(as_text=True)


def test_a_bad_file_imports_nothing(demo, admin_client):
    rows = [*ROWS, (BAD_CHECK, "某某公司", "", "", "", "")]
    response = _upload(admin_client, csv_bytes(rows, "gb18030"), "名单.csv")
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert f"第 5 行：统一社会信用代码“{BAD_CHECK}”校验位不正确" in html
    assert _listed(demo) == {}
    assert "请选择要导入的文件" in admin_client.post(f"{URL}/import").get_data(as_text=True)


def test_search_and_status_filter(demo, admin_client):
    _upload(admin_client, xlsx_bytes(ROWS), "名单.xlsx")
    _add(admin_client, unit_name="已过期公司", listed_on="2020-01-01", expires_on="2021-01-01")
    by_name = admin_client.get(URL, query_string={"q": "大连"}).get_data(as_text=True)
    assert "大连某某(集团)有限公司" in by_name and "鞍山某某电子厂" not in by_name
    by_code = admin_client.get(URL, query_string={"q": UNIT_B[-6:].lower()}).get_data(as_text=True)
    assert "鞍山某某电子厂" in by_code and "大连某某" not in by_code
    expired = admin_client.get(URL, query_string={"status": "expired"}).get_data(as_text=True)
    assert "已过期公司" in expired and "鞍山某某电子厂" not in expired and "共 1 条" in expired


def test_pages_of_fifty(demo, admin_client):
    rows = [("", f"测试公司{i:03d}", "", "", "", "") for i in range(51)]
    _upload(admin_client, csv_bytes(rows), "名单.csv")
    first = admin_client.get(URL).get_data(as_text=True)
    assert (
        "第 1 / 2 页，共 51 条" in first and "测试公司050" in first and "测试公司000" not in first
    )
    second = admin_client.get(URL, query_string={"page": "2"}).get_data(as_text=True)
    assert "测试公司000" in second and "测试公司050" not in second


def test_export_writes_formulas_as_text(demo, admin_client):
    _add(admin_client, unit_name='=HYPERLINK("http://x")', reason="@SUM(1)", credit_code=UNIT_A)
    response = admin_client.get(f"{URL}/export.xlsx")
    assert response.status_code == 200
    assert "blacklist-2026-03-02.xlsx" in response.headers["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.data)).active
    assert [cell.value for cell in sheet[2]][:3] == ["统一社会信用代码", "单位名称", "列入原因"]
    row = [cell.value for cell in sheet[3]]
    assert row[:3] == [UNIT_A, '\'=HYPERLINK("http://x")', "'@SUM(1)"] and row[6] == "有效"
    assert sheet["B3"].data_type == "s"
