"""A student on two schools' lists: the school that listed later is flagged by its own check,
and the one that listed first is flagged too while its case runs, so neither list is approved
until each school has answered; the province can send a list back to the city."""

from __future__ import annotations

from tests.helpers import complete, inbox, only_task
from tests.processes.subsidy_verification.helpers import (
    SENT,
    approve_and_sign_off,
    case_of,
    csv_line,
    open_round,
    run_jobs,
    seed_registry,
    upload_list,
)


def _send(api, who: str, run) -> None:
    caller = api(who)
    complete(caller, only_task(caller, "报送资助名单")["id"], SENT)
    run()


def test_a_later_list_flags_the_earlier_one_and_approval_waits_for_an_answer(
    deployed, api, login_as, clock
):
    seed_registry(deployed)
    open_round(login_as)
    first, later = case_of(deployed, "21010001"), case_of(deployed, "21020001")
    run = lambda: run_jobs(deployed, clock)  # noqa: E731
    upload_list(login_as("school"), first, [csv_line(1), csv_line(2)])
    run()
    _send(api, "school", run)
    city = api("city")
    verify = only_task(city, "市级审核")  # clean: straight to the city
    upload_list(login_as("school2"), later, [csv_line(7), csv_line(2)])
    run()
    refused = complete(
        city, verify["id"], {"city_decision": "approve", "city_opinion": "同意"}, status=422
    )
    assert "第 3 行在学校处理后出现了新的疑点" in refused["fields"]["city_decision"]
    rows = api("school").get(f"/api/v1/subsidy/cases/{first}/rows?flag=double_subsidy").get_json()
    assert [row["line"] for row in rows["items"]] == [3]
    assert "大连市轻工业学校名单第 3 行" in rows["items"][0]["flags"][0]["reason"]
    complete(city, verify["id"], {"city_decision": "return", "city_opinion": "请核实重复资助"})
    _send(api, "school", run)
    school = api("school")
    answer = only_task(school, "处理疑点")
    kept = school.post(
        f"/api/v1/subsidy/cases/{first}/answers",
        json={
            "answers": [
                {
                    "line": 3,
                    "action": "keep",
                    "explanation": "该生在本校就读，已告知大连市轻工业学校",
                }
            ]
        },
    )
    assert kept.status_code == 200
    complete(school, answer["id"], {"answer_note": "已核实"})
    run()
    complete(
        city,
        only_task(city, "市级审核")["id"],
        {"city_decision": "approve", "city_opinion": "同意"},
    )
    # The later school's own check flagged its row as well.
    later_rows = api("school2").get(f"/api/v1/subsidy/cases/{later}/rows?flag=double_subsidy")
    assert [row["line"] for row in later_rows.get_json()["items"]] == [3]
    # The province sends the first list back to the city, which sees it again.
    province = api("province")
    signoff = only_task(province, "省级审定")
    complete(
        province,
        signoff["id"],
        {"province_decision": "return", "province_opinion": "请市级复核重复资助的说明"},
    )
    assert [item["name"] for item in inbox(city)] == ["市级审核"]
    assert inbox(province) == []


def test_a_signed_off_list_is_not_flagged_by_a_later_one(deployed, api, login_as, clock):
    seed_registry(deployed)
    open_round(login_as)
    first, later = case_of(deployed, "21010001"), case_of(deployed, "21020001")
    run = lambda: run_jobs(deployed, clock)  # noqa: E731
    upload_list(login_as("school"), first, [csv_line(1)])
    run()
    _send(api, "school", run)
    city, province = api("city"), api("province")
    approve_and_sign_off(city, province)
    upload_list(login_as("school2"), later, [csv_line(1)])
    run()
    flagged = api("school").get(f"/api/v1/subsidy/cases/{first}/rows?flag=double_subsidy")
    assert flagged.get_json()["total"] == 0
    theirs = api("school2").get(f"/api/v1/subsidy/cases/{later}/rows?flag=double_subsidy")
    assert theirs.get_json()["total"] == 1
