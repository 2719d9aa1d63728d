"""我的申请 / 流程查询 (issue 14): each case with its number, where it stands, who has it and
when it is due; filters, search by title or number, sorting, paging and an Excel export of
exactly what is filtered; and who may start which process."""

from __future__ import annotations

import io
import re
from datetime import timedelta

from openpyxl import load_workbook

from tests.processes.internship_approval.helpers import ADULT, start_application


def _rows(page: str) -> list[str]:
    """The case numbers the list shows, in order."""
    return re.findall(r'<td class="nowrap">([A-Z]{2}-\d{4}-\d{5})</td>', page)


def _three_cases(api) -> list[dict]:
    first, _ = start_application(api, [ADULT])
    second, _ = start_application(api, [ADULT], unit_name="大连港湾物流有限公司")
    third, _ = start_application(api, [ADULT], unit_name="鞍山钢铁集团有限公司")
    reply = api("school").post(
        f"/api/v1/instances/{third['id']}/withdraw", json={"reason": "单位取消计划"}
    )
    assert reply.status_code == 200, reply.get_json()
    return [
        api("school").get(f"/api/v1/instances/{c['id']}").get_json() for c in (first, second, third)
    ]


def test_a_school_sees_where_each_of_its_cases_stands(deployed, api, login_as):
    cases = _three_cases(api)
    other, _ = _other_school_case(api)
    page = login_as("school").get("/instances").get_data(as_text=True)
    assert "我的申请" in page
    assert _rows(page) == [c["business_key"] for c in reversed(cases)]  # newest first
    assert other["business_key"] not in page
    assert "学校领导审批" in page  # the current step
    assert "沈阳市装备制造工程学校" in page  # who has it: the school's step
    assert "已撤回" in page and "进行中" in page
    assert "大连港湾物流有限公司" in page  # titles tell the cases apart


def _other_school_case(api):
    school2 = api("school2")
    started = school2.post(
        "/api/v1/processes/school_report/instances", json={"data": {}}
    ).get_json()
    return started, school2


def test_filters_search_and_sort(deployed, api, login_as):
    first, second, third = _three_cases(api)
    school = login_as("school")

    def shown(**params) -> list[str]:
        response = school.get("/instances", query_string=params)
        assert response.status_code == 200
        return _rows(response.get_data(as_text=True))

    assert shown(status="withdrawn") == [third["business_key"]]
    assert shown(status="running") == [second["business_key"], first["business_key"]]
    assert shown(q=second["business_key"]) == [second["business_key"]]
    assert shown(q=second["business_key"].lower()) == [second["business_key"]]
    assert shown(q="鞍山钢铁") == [third["business_key"]]
    assert shown(process="internship_approval", sort="started")[0] == first["business_key"]
    assert shown(**{"from": "2026-03-03"}) == []  # all started on 2026-03-02
    assert len(shown(**{"from": "2026-03-02", "to": "2026-03-02"})) == 3
    page = school.get("/instances", query_string={"from": "3月2日", "status": "bogus"})
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "“发起日期从”的格式应为 2026-03-15" in text and "所选状态不存在" in text
    assert len(_rows(text)) == 3  # the rest of the filter still applies: nothing left out


def test_overdue_cases_are_marked_and_filtered(deployed, api, login_as, clock):
    first, second, third = _three_cases(api)
    school = login_as("school")
    assert _rows(school.get("/instances?overdue=1").get_data(as_text=True)) == []
    clock.advance(timedelta(days=60))
    page = login_as("school").get("/instances?overdue=1").get_data(as_text=True)
    assert set(_rows(page)) == {first["business_key"], second["business_key"]}
    assert "已逾期" in page


def test_an_office_sees_its_area_and_exports_what_it_filtered(deployed, api, login_as):
    cases = _three_cases(api)
    other, _ = _other_school_case(api)
    city = login_as("city")
    page = city.get("/instances").get_data(as_text=True)
    assert "流程查询" in page and other["business_key"] not in page
    assert set(_rows(page)) == {c["business_key"] for c in cases}
    assert _rows(login_as("city2").get("/instances").get_data(as_text=True)) == [
        other["business_key"]
    ]
    # the school picker offers only the city's schools; another city's school is left out
    response = city.get("/instances", query_string={"school": "99999"})
    assert "所选学校不在您的查看范围内" in response.get_data(as_text=True)

    export = city.get("/instances/export.xlsx", query_string={"status": "running"})
    assert export.status_code == 200
    assert "attachment" in export.headers["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(export.data)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert "状态：进行中" in rows[0][0] and "共 2 条" in rows[0][0]
    assert rows[1][:3] == ("编号", "事项", "流程")
    assert [row[0] for row in rows[2:]] == [cases[1]["business_key"], cases[0]["business_key"]]
    assert rows[2][5] == "学校领导审批" and rows[2][8] == "进行中"


def test_a_title_that_looks_like_a_formula_is_exported_as_text(deployed, api, login_as):
    start_application(api, [ADULT], unit_name='=HYPERLINK("http://x")')
    export = login_as("school").get("/instances/export.xlsx")
    sheet = load_workbook(io.BytesIO(export.data)).active
    titles = [row[1] for row in sheet.iter_rows(min_row=3, values_only=True)]
    assert titles and all(not str(t).startswith("=") for t in titles)


def test_each_process_says_who_may_start_it(deployed, api, login_as):
    city = api("city")
    refused = city.post(
        "/api/v1/processes/internship_approval/instances",
        json={"school": "21010001", "data": {}},
    )
    assert refused.status_code == 403
    assert "只能由学校管理员发起" in refused.get_json()["message"]
    offered = login_as("city").get("/processes").get_data(as_text=True)
    assert "学生实习审批" not in offered
    school_offer = login_as("school").get("/processes").get_data(as_text=True)
    assert "/processes/internship_approval/start" in school_offer
    assert "/processes/subsidy_verification/start" not in school_offer  # a provincial round
