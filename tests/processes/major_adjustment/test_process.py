"""专业动态调整: every path through the diagram, each actor in turn, through the API (every step
is restored from the database and saved again, so each path is also a save/restore round trip)."""

from __future__ import annotations

from tests.helpers import complete, inbox, only_task
from tests.processes.major_adjustment.helpers import (
    FILL,
    PANEL,
    city_review,
    decide,
    documents,
    file_request,
    invite,
    school_major,
    score,
    start,
    to_province,
)

SCHOOL = "21010001"


def _panel(api, recommend=(True, True, True)) -> None:
    for username, vote in zip(PANEL, recommend, strict=True):
        score(api(username), vote)


def test_add_approved_by_filing(majors, api):
    school = api("school")
    case = start(school, kind="add", major_code="710201")
    assert case["title"].startswith("专业设置（增设）710201 计算机应用－")
    assert [t["name"] for t in case["tasks"]] == [FILL["add"]]
    file_request(school, "add")
    body = _approve_through(api, case["id"])
    body = school.get(f"/api/v1/instances/{case['id']}").get_json()
    assert body["status"] == "completed"
    assert body["data"]["outcome"] == "已批准"
    assert body["data"]["approval"] == "备案"
    major = school_major(majors, SCHOOL, "710201")
    assert major["status"] == "enrolling"
    assert major["direction"] == "人工智能应用"
    assert major["catalogue_version"] == "2021"
    kinds = [kind for kind, _title in documents(majors, case["id"])]
    assert kinds == ["major_application", "major_expert_summary", "major_decision"]


def _approve_through(api, case_id: int) -> dict:
    """From the city's review of a filed request to the province's approval."""
    city_review(api("city"))
    invite(api("province"))
    _panel(api)
    decide(api("province"))
    return api("school").get(f"/api/v1/instances/{case_id}").get_json()


def test_adjust_changes_the_direction(majors, api):
    school = api("school")
    case = start(school, kind="adjust", major_code="660103")
    file_request(school, "adjust")
    body = _approve_through(api, case["id"])
    assert body["data"]["outcome"] == "已批准"
    assert school_major(majors, SCHOOL, "660103")["direction"] == "智能制造产线运维"


def test_transform_withdraws_the_old_major_and_opens_the_new(majors, api):
    school = api("school")
    case = start(school, kind="transform", major_code="660101", target_code="660107")
    assert "→ 660107 增材制造技术应用" in case["title"]
    file_request(school, "transform")
    _approve_through(api, case["id"])
    assert school_major(majors, SCHOOL, "660101")["status"] == "withdrawn"
    new = school_major(majors, SCHOOL, "660107")
    assert (new["status"], new["direction"], new["first_intake_year"]) == (
        "enrolling",
        "数字化设计",
        2027,
    )


def test_stop_with_students_left_pauses_enrolment(majors, api):
    school = api("school")
    case = start(school, kind="stop", major_code="660103")
    file_request(school, "stop")
    _approve_through(api, case["id"])
    assert school_major(majors, SCHOOL, "660103")["status"] == "paused"


def test_city_returns_and_the_school_resubmits(majors, api):
    school, city = api("school"), api("city")
    case = start(school, kind="add", major_code="710201")
    file_request(school, "add")
    city_review(city, "return", "合作企业协议未附，请补充。")
    again = only_task(school, FILL["add"])
    task = school.get(f"/api/v1/tasks/{again['id']}").get_json()
    assert task["data"]["city_opinion"] == "合作企业协议未附，请补充。"
    assert len(task["data"]["teachers"]) == 3  # what was filed stays for the correction
    file_request(school, "add", planned_enrollment=60)
    body = _approve_through(api, case["id"])
    assert body["data"]["planned_enrollment"] == 60
    titles = [title for kind, title in documents(majors, case["id"]) if kind == "major_application"]
    assert len(titles) == 2 and titles[1].endswith("（第 2 次报送）")


def test_province_returns_to_the_school_and_gets_it_back_directly(majors, api):
    school, province = api("school"), api("province")
    case = to_province(api)
    decide(province, "return", "请补充实训设备清单。")
    file_request(school, "add", equipment_value=2600000)
    assert inbox(api("city")) == []  # not back to the city, nor to the experts
    decide(province)
    body = school.get(f"/api/v1/instances/{case['id']}").get_json()
    assert body["data"]["outcome"] == "已批准"


def test_province_rejects(majors, api):
    case = to_province(api)
    decide(api("province"), "reject", "本地区布点已饱和。")
    body = api("school").get(f"/api/v1/instances/{case['id']}").get_json()
    assert (body["status"], body["data"]["outcome"]) == ("completed", "不予批准")
    assert school_major(majors, SCHOOL, "710201") is None


def test_expert_majority_fails(majors, api):
    case = to_province(api, recommend=(True, False, False))
    body = api("school").get(f"/api/v1/instances/{case['id']}").get_json()
    assert body["status"] == "completed"
    assert body["data"]["outcome"] == "未通过专家评审"
    assert body["data"]["expert_outcome"]["recommending"] == 1
    assert inbox(api("province")) == []
    assert school_major(majors, SCHOOL, "710201") is None
    assert [k for k, _t in documents(majors, case["id"])][-1] == "major_expert_summary"


def test_an_expert_with_a_conflict_is_replaced(majors, api):
    school, province = api("school"), api("province")
    case = start(school, kind="add", major_code="710201")
    file_request(school, "add")
    city_review(api("city"))
    invite(province, "expert2, expert")
    # Named experts first, then the least loaded: expert2, expert, expert3; expert4 waits.
    assert inbox(api("expert4")) == []
    item = only_task(api("expert2"), "专家评分")
    complete(api("expert2"), item["id"], {"conflict": True, "conflict_reason": "本人在该校兼职"})
    assert inbox(api("expert2")) == []
    # The replacement is someone not asked before on this case.
    score(api("expert4"))
    score(api("expert"))
    score(api("expert3"))
    body = school.get(f"/api/v1/instances/{case['id']}").get_json()
    assert body["data"]["expert_outcome"]["experts"] == 3
    assert body["data"]["expert_outcome"]["passed"] is True
    # The expert who stepped aside keeps seeing only what they did, not the case's scores.
    assert api("expert2").get(f"/api/v1/instances/{case['id']}").status_code in (200, 404)


def test_a_named_expert_must_exist_and_the_panel_has_a_size(majors, api):
    school, province = api("school"), api("province")
    start(school, kind="add", major_code="710201")
    file_request(school, "add")
    city_review(api("city"))
    item = only_task(province, "邀请评审专家")
    refused = complete(province, item["id"], {"expert_usernames": "nobody"}, status=422)
    assert "nobody" in refused["fields"]["expert_usernames"]
    refused = complete(
        province, item["id"], {"expert_usernames": "expert,expert2,expert3,expert4"}, status=422
    )
    assert "最多指定 3 位" in refused["fields"]["expert_usernames"]


def test_uninvited_experts_see_nothing(majors, api):
    school = api("school")
    case = start(school, kind="add", major_code="710201")
    file_request(school, "add")
    city_review(api("city"))
    invite(api("province"))
    assert api("expert4").get(f"/api/v1/instances/{case['id']}").status_code == 404
    assert inbox(api("expert4")) == []
    invited = api("expert").get(f"/api/v1/instances/{case['id']}").get_json()
    assert invited["data"]["major_code"] == "710201"
    # While the panel sits, no expert's verdict is in the case's data.
    score(api("expert"))
    seen = api("expert2").get(f"/api/v1/instances/{case['id']}").get_json()
    assert "expert_results" not in seen["data"] and "expert_outcome" not in seen["data"]
    history = seen["history"]
    others = [
        h for h in history if h["action"] == "task_completed" and h["actor"] != "评审专家 李老师"
    ]
    assert all("data" not in (h["after"] or {}) for h in others)


def test_optional_fields_left_empty_still_file_and_decide(majors, api):
    school = api("school")
    case = start(school, kind="add", major_code="710201")
    item = only_task(school, FILL["add"])
    from tests.processes.major_adjustment.helpers import request_data

    data = request_data(school, "add", item["id"])
    del data["direction"]
    data["teachers"] = [
        {k: v for k, v in t.items() if k not in ("full_time", "dual_qualified")}
        | {"full_time": True}
        for t in data["teachers"]
    ]
    complete(school, item["id"], data)
    _approve_through(api, case["id"])
    assert school_major(majors, SCHOOL, "710201")["direction"] == ""
    adjusting = start(school, kind="adjust", major_code="660103")
    item = only_task(school, FILL["adjust"])
    complete(school, item["id"], {"new_enrollment": 60, "reason": "压缩规模，提高培养质量。"})
    _approve_through(api, adjusting["id"])
    major = school_major(majors, SCHOOL, "660103")
    assert (major["planned_enrollment"], major["direction"]) == (60, "数控车铣加工")


def test_the_panels_scores_stay_with_the_province(majors, api):
    case = to_province(api)
    url = f"/api/v1/instances/{case['id']}"

    def scores_seen(username: str) -> list:
        history = api(username).get(url).get_json()["history"]
        return [h for h in history if "score_plan" in ((h["after"] or {}).get("data") or {})]

    assert scores_seen("school") == [] and scores_seen("city") == []
    assert len(scores_seen("province")) == 3
    assert len(scores_seen("expert")) == 1  # their own
    seen = api("expert").get(url).get_json()["data"]
    assert all("*" in t["id_number"] for t in seen["teachers"])
    assert "expert_usernames" not in seen
    assert "*" not in api("school").get(url).get_json()["data"]["teachers"][0]["id_number"]


def test_an_expert_in_an_organisation_still_sees_only_invitations(majors, api, clock):
    from webapp.extensions import db
    from webapp.services.auth import create_user

    with majors.app_context():
        create_user(
            "expert9", "Demo@2026", "expert", "210000", clock, hash_method="pbkdf2:sha256:1000"
        )
        db.session.commit()
    case = start(api("school"), kind="add", major_code="710201")
    assert api("expert9").get(f"/api/v1/instances/{case['id']}").status_code == 404
    assert inbox(api("expert9")) == []
