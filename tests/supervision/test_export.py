"""The Excel export: the page's rows in the page's order, safe cells, title row, file name."""

from __future__ import annotations

from datetime import timedelta

import webapp.supervision.views as views
from tests.helpers import count_queries
from tests.supervision.conftest import (
    clone_items,
    identity,
    open_item_ids,
    org_id,
    page_rows,
    read_xlsx,
    update_item,
)
from webapp.extensions import db
from webapp.models import Organisation

HEADERS = [
    "流程",
    "事项",
    "当前环节",
    "城市",
    "学校",
    "办理方",
    "截止日期",
    "剩余工作日",
    "状态",
    "催办状态",
    "逾期未办",
    "现处环节",
    "下一期限",
    "处理进度",
]


def _page_and_export(client, query: str) -> tuple[list[tuple], list[tuple]]:
    page = client.get(f"/supervision/?{query}")
    export = client.get(f"/supervision/export.xlsx?{query}")
    assert page.status_code == 200 and export.status_code == 200
    _title, headers, rows, _sheet = read_xlsx(export.data)
    assert headers == HEADERS
    on_page = [identity(row["cells"]) for row in page_rows(page.get_data(as_text=True))]
    return on_page, [identity([str(v) for v in row]) for row in rows]


def _number_titles(app, scene) -> None:
    """Distinct titles, so that equal lists mean the same rows in the same order."""
    instances = [*scene["shenyang"], *scene["dalian"], scene["dalian_open"]]
    for n, instance_id in enumerate(instances):
        for item_id in open_item_ids(app, instance_id):
            update_item(app, item_id, title=f"报送 {n}")


def test_the_export_has_the_rows_of_the_page_in_its_order(scene, deployed, login_as):
    _number_titles(deployed, scene)
    province = login_as("province")
    dalian = org_id(deployed, "210200")
    for query in (
        "",
        "sort=-due",
        "sort=school",
        "sort=-city",
        "state=overdue",
        "state=soon",
        "escalation=reminded&sort=-left",
        f"city={dalian}",
        "q=报送 1",
        "state=bogus&sort=bogus",  # ignored the same way by both
    ):
        on_page, exported = _page_and_export(province, query)
        assert on_page == exported, query
        assert on_page, query
    city_page, city_export = _page_and_export(login_as("city"), "sort=-due")
    assert city_page == city_export and len(city_page) == 2


def test_the_export_has_every_page(scene, deployed, login_as):
    first = open_item_ids(deployed, scene["shenyang"][0])[0]
    clone_items(deployed, first, 55, title=lambda i: f"副本 {i:02d}")
    province = login_as("province")
    pages = [
        identity(row["cells"])
        for n in (1, 2)
        for row in page_rows(province.get(f"/supervision/?page={n}").get_data(as_text=True))
    ]
    _title, _headers, rows, _sheet = read_xlsx(province.get("/supervision/export.xlsx").data)
    assert len(rows) == 59
    assert [identity([str(v) for v in row]) for row in rows] == pages


def test_cells_title_row_frozen_header_and_file_name(scene, deployed, login_as):
    response = login_as("province").get("/supervision/export.xlsx?state=overdue&q=装备")
    assert response.mimetype.endswith("spreadsheetml.sheet")
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith('attachment; filename="supervision-2026-03-09.xlsx"')
    assert "filename*=UTF-8''%E7%9D%A3%E5%8A%9E%E6%B8%85%E5%8D%95-2026-03-09.xlsx" in disposition
    title, headers, rows, sheet = read_xlsx(response.data)
    assert title.startswith("督办清单")
    assert "状态：已逾期" in title and "关键词：装备" in title
    assert "导出时间：2026-03-09 09:00" in title
    assert sheet.freeze_panes == "A3"
    assert sheet.column_dimensions["B"].width > sheet.column_dimensions["H"].width
    assert rows[0][6:10] == ["2026-03-07", -1, "已逾期", "已逾期通知"]  # days left is a number
    assert rows[0][10:] == [None] * 4  # an open step, not a missed one


def test_user_text_cannot_become_a_formula(scene, deployed, login_as):
    first, second = (open_item_ids(deployed, i)[0] for i in scene["shenyang"])
    update_item(deployed, first, title='=HYPERLINK("http://evil.example","点我")')
    update_item(deployed, second, title="@SUM(1+1)")
    (dalian_review,) = open_item_ids(deployed, scene["dalian"][0])
    update_item(deployed, dalian_review, title="-2+3", name="\t+cmd")
    with deployed.app_context():
        school = db.session.query(Organisation).filter_by(code="21020001").one()
        school.name = "+大连市轻工业学校"
        db.session.commit()
    response = login_as("province").get("/supervision/export.xlsx?q=%3D")
    title, _headers, rows, _sheet = read_xlsx(response.data)
    assert "关键词：=" in title and [row[1] for row in rows] == [
        '\'=HYPERLINK("http://evil.example","点我")'
    ]
    _title, _headers, rows, sheet = read_xlsx(
        login_as("province").get("/supervision/export.xlsx").data
    )
    titles = {row[1] for row in rows}
    assert {"'@SUM(1+1)", "'-2+3"} <= titles
    assert "'\t+cmd" in {row[2] for row in rows}
    assert {row[4] for row in rows if row[3] == "大连市"} == {"'+大连市轻工业学校"}
    for row in sheet.iter_rows(min_row=3):
        assert all(cell.data_type != "f" for cell in row)


def test_a_capped_export_says_so(scene, login_as, monkeypatch):
    monkeypatch.setattr(views, "EXPORT_CAP", 3)
    _title, _headers, rows, _sheet = read_xlsx(
        login_as("province").get("/supervision/export.xlsx").data
    )
    assert len(rows) == 4
    assert "共 4 条，仅导出前 3 条" in rows[-1][0]


def test_export_queries_do_not_grow_with_the_rows(scene, deployed, login_as):
    province = login_as("province")
    with count_queries(deployed) as few:
        province.get("/supervision/export.xlsx")
    clone_items(deployed, open_item_ids(deployed, scene["dalian"][0])[0], 30)
    with count_queries(deployed) as many:
        _t, _h, rows, _s = read_xlsx(province.get("/supervision/export.xlsx").data)
    assert len(rows) == 34 and len(many) == len(few)


def test_the_export_follows_the_clock(scene, login_as, clock):
    clock.advance(timedelta(days=1))
    response = login_as("province").get("/supervision/export.xlsx")
    assert "督办清单-2026-03-10" in response.headers["Content-Disposition"].replace(
        "%E7%9D%A3%E5%8A%9E%E6%B8%85%E5%8D%95", "督办清单"
    )
