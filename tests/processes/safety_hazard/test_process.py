"""Every path of the safety-hazard diagram, played through the API by each actor: a city's
inspection verified by that city, a province's by the province, a return loop, the return cap
that hands a hazard to the supervisors, and the closing 整改验收意见."""

from __future__ import annotations

from tests.helpers import complete, inbox, only_task
from tests.processes.safety_hazard.helpers import record, rectify, start, task, verify


def _names(caller) -> list[str]:
    return [item["name"] for item in inbox(caller)]


def _close(caller, case: int, api) -> dict:
    item = only_task(caller, "出具整改验收意见")
    complete(
        caller, item["id"], {"acceptance_opinion": "经逐项验收，所列隐患已全部整改到位，同意销号"}
    )
    return api("province").get(f"/api/v1/instances/{case}").get_json()


def _titles(caller) -> list[str]:
    return [n["title"] for n in caller.get("/api/v1/notifications").get_json()["items"]]


def test_a_city_inspection_is_rectified_returned_and_accepted_by_that_city(deployed, api):
    city, school, province = api("city"), api("school"), api("province")
    case = record(city)
    # A 重大 hazard is reported to the province at once.
    assert any("发现重大安全隐患" in t and "2号 水电隐患（重大）" in t for t in _titles(province))
    assert _names(school) == [
        "整改安全隐患：1号 消防隐患（一般）",
        "整改安全隐患：2号 水电隐患（重大）",
    ]
    rectify(school, 1)
    verify(city, 1, "return")  # back to the school with the inspector's opinion
    rectify(school, 1)
    verify(city, 1)
    rectify(school, 2)
    assert _names(province) == []  # the city inspected: the province does not verify
    verify(city, 2)
    body = _close(city, case, api)
    assert body["status"] == "completed"
    docs = api("school").get(f"/api/v1/instances/{case}").get_json()
    assert "安全隐患" in docs["title"]


def test_a_province_inspection_is_verified_by_the_province_not_the_city(deployed, api):
    province, school2, city2 = api("province"), api("school2"), api("city2")
    case = record(province, office="province", school="21020001")
    rectify(school2, 1)
    assert _names(city2) == []  # the province's inspection: not the city's to verify
    verify(province, 1)
    rectify(school2, 2)
    verify(province, 2)
    assert _close(province, case, api)["status"] == "completed"


def test_after_the_set_returns_a_hazard_goes_to_the_supervisors(deployed, api):
    city, school, supervisor = api("city"), api("school"), api("supervisor")
    case = record(city)
    for _ in range(3):  # setting safety.max_returns, default 3
        rectify(school, 1)
        verify(city, 1, "return")
    assert not [n for n in _names(school) if n.startswith("整改安全隐患：1号")]
    item = only_task(supervisor, "督办：隐患多次整改未通过：1号 消防隐患（一般）")
    complete(supervisor, item["id"], {"supervision_action": "已约谈校长，挂牌督办"})
    rectify(school, 2)
    verify(city, 2)
    page = api("city").get(f"/api/v1/instances/{case}").get_json()
    assert [t["name"] for t in page["tasks"]] == ["出具整改验收意见"]


def test_only_city_and_province_officials_start_and_only_for_schools_they_cover(deployed, api):
    start(api("school"), status=403)
    start(api("supervisor"), status=403)
    answer = start(api("city"), school="21020001", status=422)
    assert answer["fields"]["school"] == "请选择您管辖范围内的学校"
    start(api("city"), school="", status=422)


def test_another_school_or_city_neither_sees_nor_acts(deployed, api):
    city, school = api("city"), api("school")
    case = record(city)
    for other in ("school2", "city2"):
        assert api(other).get(f"/api/v1/instances/{case}").status_code == 404
        assert _names(api(other)) == []
    item = task(school, "整改", 1)
    answer = api("school2").post(f"/api/v1/tasks/{item['id']}/complete", json={"data": {}})
    assert answer.status_code in (403, 404)
