"""The 督办 page: scope, working days, overdue marking, filters, sorting, paging, query count."""

from __future__ import annotations

import re
from datetime import timedelta

from tests.helpers import count_queries
from tests.supervision.conftest import (
    clone_items,
    open_item_ids,
    org_id,
    page_rows,
    start_report,
    submit_reports,
    update_item,
)

SHENYANG_SCHOOL = "沈阳市装备制造工程学校"
DALIAN_SCHOOL = "大连市轻工业学校"


def _rows(client, **params) -> list[dict]:
    response = client.get("/supervision/", query_string=params)
    assert response.status_code == 200
    return page_rows(response.get_data(as_text=True))


def _schools(rows) -> list[str]:
    return [row["cells"][4] for row in rows]


def test_the_province_sees_both_cities_and_a_city_its_own(scene, login_as):
    for username in ("province", "supervisor", "admin"):
        schools = _schools(_rows(login_as(username)))
        assert sorted(schools) == sorted([SHENYANG_SCHOOL] * 2 + [DALIAN_SCHOOL] * 2)
    assert _schools(_rows(login_as("city"))) == [SHENYANG_SCHOOL] * 2
    assert _schools(_rows(login_as("city2"))) == [DALIAN_SCHOOL] * 2


def test_school_staff_and_experts_get_404(scene, login_as, client):
    for username in ("school", "school2", "expert"):
        user = login_as(username)
        assert user.get("/supervision/").status_code == 404
        assert user.get("/supervision/export.xlsx").status_code == 404
        assert "督办" not in user.get("/inbox").get_data(as_text=True)
    assert client.get("/supervision/").status_code == 302  # to the login page
    assert 'href="/supervision/"' in login_as("city").get("/inbox").get_data(as_text=True)


def test_columns_overdue_in_red_and_summary(scene, login_as):
    page = login_as("province").get("/supervision/").get_data(as_text=True)
    rows = {row["id"]: row for row in page_rows(page)}
    overdue = [row for row in rows.values() if row["class"] == "overdue"]
    assert len(overdue) == 2
    cells = overdue[0]["cells"]
    assert re.fullmatch(f"办学情况报送－{SHENYANG_SCHOOL} · BS-2026-\\d{{5}}", cells[1]), cells[1]
    assert cells[:1] + cells[2:] == [
        "办学情况报送",
        "市级初审",
        "沈阳市",
        SHENYANG_SCHOOL,
        "市教育局",
        "2026-03-07",
        "-1",
        "已逾期",
        "已逾期通知",
    ]
    assert '<strong class="late">已逾期</strong>' in page
    states = sorted(row["cells"][8] for row in rows.values())
    assert states == ["即将到期", "已逾期", "已逾期", "正常"]
    assert [row["cells"][5] for row in rows.values() if row["cells"][2] == "填报办学情况"] == [
        "学校"
    ]
    assert 'class="stat-total">4<' in page
    assert 'class="stat-overdue-count">2<' in page and 'class="stat-soon-count">1<' in page


def test_working_days_left_skip_the_weekend(deployed, api, login_as, clock):
    # Monday 2026-03-02 09:00: a city review due Saturday 03-07 is 5 calendar days away but only
    # 4 working days (Tue–Fri); a school task due Thursday 03-12 is 8 working days away.
    submit_reports(api, "school", 1)
    start_report(api, "school")
    rows = {row["cells"][2]: row for row in _rows(login_as("province"))}
    assert rows["市级初审"]["cells"][6:9] == ["2026-03-07", "4", "正常"]
    assert rows["填报办学情况"]["cells"][6:9] == ["2026-03-12", "8", "正常"]
    clock.advance(timedelta(days=1))  # Tuesday: Wed, Thu, Fri left
    rows = {row["cells"][2]: row for row in _rows(login_as("province"))}
    assert rows["市级初审"]["cells"][7:9] == ["3", "即将到期"]
    assert rows["市级初审"]["class"] == "soon"
    clock.advance(timedelta(days=5))  # Sunday 03-08: past due, no working day since
    rows = {row["cells"][2]: row for row in _rows(login_as("province"))}
    assert rows["市级初审"]["cells"][7:9] == ["0", "已逾期"]


def test_provisional_due_dates_are_marked(scene, deployed, login_as):
    (item_id,) = open_item_ids(deployed, scene["dalian_open"])
    update_item(deployed, item_id, due_provisional=True)
    rows = {row["id"]: row for row in _rows(login_as("province"))}
    assert rows[item_id]["cells"][6] == "2026-03-15（暂定）"


def test_filters(scene, deployed, login_as):
    province = login_as("province")
    dalian = org_id(deployed, "210200")
    assert _schools(_rows(province, city=dalian)) == [DALIAN_SCHOOL] * 2
    school = org_id(deployed, "21010001")
    assert _schools(_rows(province, school=school)) == [SHENYANG_SCHOOL] * 2
    assert len(_rows(province, process="school_report")) == 4
    assert _schools(_rows(province, state="overdue")) == [SHENYANG_SCHOOL] * 2
    assert [r["cells"][2] for r in _rows(province, state="soon")] == ["市级初审"]
    assert _schools(_rows(province, escalation="overdue")) == [SHENYANG_SCHOOL] * 2
    assert _schools(_rows(province, escalation="reminded")) == [DALIAN_SCHOOL] * 2
    assert _rows(province, escalation="none") == []
    assert _schools(_rows(province, q="轻工业")) == [DALIAN_SCHOOL] * 2
    assert _rows(province, q="%") == []  # a wildcard is a character to look for, not a pattern


def test_text_matches_the_title_or_the_school_name(scene, deployed, login_as):
    first, second = (open_item_ids(deployed, i)[0] for i in scene["shenyang"])
    update_item(deployed, first, title="特别事项")
    province = login_as("province")
    assert [row["id"] for row in _rows(province, q="特别")] == [first]
    assert sorted(row["id"] for row in _rows(province, q="装备制造")) == [first, second]


def test_sorting(scene, login_as):
    province = login_as("province")
    by_due = [row["cells"][6] for row in _rows(province)]
    assert by_due == sorted(by_due)
    assert [row["cells"][6] for row in _rows(province, sort="-due")] == sorted(by_due)[::-1]
    assert [row["cells"][7] for row in _rows(province, sort="left")] == ["-1", "-1", "1", "4"]
    assert _schools(_rows(province, sort="school"))[0] == SHENYANG_SCHOOL
    assert _schools(_rows(province, sort="-school"))[0] == DALIAN_SCHOOL
    assert [row["cells"][3] for row in _rows(province, sort="-city")][:2] == ["大连市"] * 2
    assert [row["cells"][3] for row in _rows(province, sort="city")][:2] == ["沈阳市"] * 2


def test_bad_filters_are_explained_and_ignored(scene, deployed, login_as):
    response = login_as("province").get(
        "/supervision/?state=late&school=abc&city=999&sort=bogus&escalation=x&process=nope&page=x"
    )
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    for message in (
        "已忽略状态条件",
        "已忽略学校条件",
        "所选城市不存在",
        "已按截止日期排序",
        "催办状态应为",
        "已忽略流程条件",
        "页码应为正整数",
    ):
        assert message in page
    assert len(page_rows(page)) == 4
    city = login_as("city")
    page = city.get(f"/supervision/?city={org_id(deployed, '210200')}").get_data(as_text=True)
    assert "只有省级用户可以按城市筛选" in page
    assert [row["cells"][3] for row in page_rows(page)] == ["沈阳市"] * 2
    other_city_school = org_id(deployed, "21020001")
    page = city.get(f"/supervision/?school={other_city_school}").get_data(as_text=True)
    assert "不在您的督办范围内" in page and len(page_rows(page)) == 2


def test_fifty_rows_a_page(scene, deployed, login_as):
    first = open_item_ids(deployed, scene["shenyang"][0])[0]
    with deployed.app_context():
        from webapp.extensions import db
        from webapp.models import WorkItem

        due = db.session.get(WorkItem, first).due_at
    clone_items(deployed, first, 55, due_at=lambda i: due + timedelta(minutes=i + 1))
    province = login_as("province")
    one, two = _rows(province), _rows(province, page=2)
    assert len(one) == 50 and len(two) == 9
    assert not {row["id"] for row in one} & {row["id"] for row in two}
    page = province.get("/supervision/?page=2").get_data(as_text=True)
    assert "第 2 / 2 页，共 59 条" in page
    assert len(_rows(province, page=99)) == 9  # past the end: the last page


def test_page_queries_do_not_grow_with_the_rows(scene, deployed, login_as):
    province = login_as("province")
    with count_queries(deployed) as few:
        assert province.get("/supervision/").status_code == 200
    for instance_id in (scene["shenyang"][0], scene["dalian"][0]):
        clone_items(deployed, open_item_ids(deployed, instance_id)[0], 20)
    with count_queries(deployed) as many:
        page = province.get("/supervision/").get_data(as_text=True)
    assert len(page_rows(page)) == 44
    assert len(many) == len(few)
