"""The overdue-by-city chart and the JSON API: same scope and filters as the page."""

from __future__ import annotations

import re

from tests.supervision.conftest import identity, org_id, page_rows


def _bars(client, query: str = "") -> dict[str, int]:
    page = client.get(f"/supervision/?{query}").get_data(as_text=True)
    svg = page[page.index("<svg") : page.index("</svg>")]
    assert "<title" in svg and 'role="img"' in svg
    bars = re.findall(r'<g class="bar" data-city="([^"]+)" data-count="(\d+)">', svg)
    return {city: int(count) for city, count in bars}


def test_one_bar_per_city_with_its_overdue_count(scene, deployed, login_as):
    province = login_as("province")
    assert _bars(province) == {"沈阳市": 2, "大连市": 0}
    dalian = org_id(deployed, "210200")
    assert _bars(province, f"city={dalian}") == {"沈阳市": 2, "大连市": 0}  # not by city
    assert _bars(province, f"school={org_id(deployed, '21020001')}") == {"沈阳市": 0, "大连市": 0}
    assert _bars(province, "q=不存在") == {"沈阳市": 0, "大连市": 0}
    assert _bars(login_as("city")) == {"沈阳市": 2}
    assert _bars(login_as("city2")) == {"大连市": 0}


def test_bars_show_their_counts_in_chinese(scene, login_as):
    page = login_as("province").get("/supervision/").get_data(as_text=True)
    assert "<title>沈阳市：逾期 2 项</title>" in page
    assert '<text class="bar-count"' in page and ">沈阳市</text>" in page
    assert "沈阳市 2 项；大连市 0 项" in page  # the <desc> a screen reader reads


def test_api_rows_and_summary_match_the_page(scene, api, login_as):
    for query in ("", "sort=-school", "state=soon", "escalation=overdue"):
        body = api("province").get(f"/api/v1/supervision/deadlines?{query}").get_json()
        page = login_as("province").get(f"/supervision/?{query}").get_data(as_text=True)
        assert [row["id"] for row in page_rows(page)] == [item["id"] for item in body["items"]]
    body = api("province").get("/api/v1/supervision/deadlines").get_json()
    assert body["summary"] == {"total": 4, "overdue": 2, "soon": 1}
    assert body["total"] == 4 and body["size"] == 50
    first = body["items"][0]
    assert first["working_days_left"] == -1 and first["state"] == "overdue"
    assert first["due_date"] == "2026-03-07" and first["party"] == "市教育局"
    assert identity(page_rows(page)[0]["cells"]) == (
        first["title"],
        first["task"],
        first["school"],
        first["due_date"],
    )


def test_api_scope_paging_and_errors(scene, api):
    city = api("city").get("/api/v1/supervision/deadlines").get_json()
    assert {item["city"] for item in city["items"]} == {"沈阳市"}
    assert city["summary"] == {"total": 2, "overdue": 2, "soon": 0}
    paged = api("province").get("/api/v1/supervision/deadlines?size=3&page=2").get_json()
    assert paged["total"] == 4 and len(paged["items"]) == 1
    for username in ("school", "expert"):
        response = api(username).get("/api/v1/supervision/deadlines")
        assert response.status_code == 404 and response.get_json()["error"] == "not_found"
    bad = api("province").get("/api/v1/supervision/deadlines?state=late&size=0")
    assert bad.status_code == 422
    assert set(bad.get_json()["fields"]) == {"state", "size"}
    assert "已忽略状态条件" in bad.get_json()["message"]
