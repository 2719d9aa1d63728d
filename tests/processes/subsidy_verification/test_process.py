"""学生资助核查 end to end, each actor in turn: the province opens a round, the school uploads
its list (checked in the background), sends it, the checks flag a row, the school answers, the
checks run again, the city returns it once, then verifies, and the province signs off."""

from __future__ import annotations

import io
import re

from sqlalchemy import select

from tests.helpers import complete, inbox, only_task
from tests.processes.subsidy_verification.helpers import (
    SENT,
    approve_and_sign_off,
    as_rows,
    case_of,
    csrf,
    csv_line,
    open_round,
    run_jobs,
    seed_registry,
    upload_list,
)
from tests.student_registry.helpers import id_number
from webapp.extensions import db
from webapp.student_registry.models import RegistryStudent


def test_a_flagged_row_goes_back_and_the_list_is_signed_off(deployed, api, login_as, clock):
    seed_registry(deployed)
    open_round(login_as)
    case_id = case_of(deployed, "21010001")
    school, city, province = api("school"), api("city"), api("province")
    item = only_task(school, "报送资助名单")
    assert "2026秋季学期国家助学金核查" in item["title"]
    refused = complete(school, item["id"], SENT, status=422)
    assert "还没有上传资助名单" in refused["fields"]["_form"]
    page = login_as("school")
    upload_list(page, case_id, [csv_line(1), csv_line(2), csv_line(3)])
    assert run_jobs(deployed, clock) == 1
    html = page.get(f"/instances/{case_id}").get_data(as_text=True)
    assert "共 3 行；有疑点 1 行" in html and "休学" in html
    complete(school, item["id"], SENT)
    assert inbox(school) == []  # the checks run in the background
    run_jobs(deployed, clock)
    answer = only_task(school, "处理疑点")
    refused = complete(school, answer["id"], {}, status=422)
    assert "第 4 行" in refused["fields"]["_form"]  # the file's line: the header is line 1
    token = csrf(page, f"/tasks/{answer['id']}")
    page.post(
        f"/subsidy/cases/{case_id}/answers",
        data={"csrf_token": token, "lines": "4", "action": "remove"},
    )
    complete(school, answer["id"], {"answer_note": "休学学生已删除"})
    run_jobs(deployed, clock)
    verify = only_task(city, "市级审核")
    complete(city, verify["id"], {"city_decision": "return", "city_opinion": "请补充公示材料"})
    complete(school, only_task(school, "报送资助名单")["id"], SENT)
    run_jobs(deployed, clock)
    approve_and_sign_off(city, province)
    body = school.get(f"/api/v1/instances/{case_id}").get_json()
    assert body["status"] == "completed" and body["data"]["outcome"] == "已审定"
    assert body["data"]["check"]["flagged"] == 0 and body["data"]["check"]["rows"] == 3
    from tests.helpers import pdf_text
    from webapp.models import IssuedDocument

    with deployed.app_context():
        document = db.session.scalar(
            select(IssuedDocument.id).where(IssuedDocument.instance_id == case_id)
        )
    flat = re.sub(r"\s+", "", pdf_text(deployed, document))
    assert "资助名单审定意见" in flat and "审定资助人数2人" in flat and "3,300.00" in flat
    assert "非在籍在校" in flat  # the flag the school settled by removing the row


def test_a_list_with_bad_rows_is_refused_whole(deployed, login_as, clock):
    seed_registry(deployed)
    open_round(login_as)
    case_id = case_of(deployed, "21010001")
    page = login_as("school")
    good = id_number(3)
    wrong = good[:-1] + ("1" if good[-1] != "1" else "2")  # a wrong check character
    upload_list(page, case_id, [csv_line(1), csv_line(2, 年级="5"), csv_line(3, 身份证号=wrong)])
    run_jobs(deployed, clock)
    html = page.get(f"/instances/{case_id}").get_data(as_text=True)
    assert "共 0 行" in html and "第 3 行，年级" in html and "第 4 行，身份证号" in html


def test_only_the_province_opens_a_round_and_only_once(deployed, login_as):
    school = login_as("school")
    answer = school.post(
        "/subsidy/rounds",
        data={
            "csrf_token": csrf(school, "/subsidy/"),
            "term": "2026秋",
            "subsidy_type": "国家助学金",
        },
    )
    assert answer.status_code == 404
    open_round(login_as)
    province = login_as("province")
    again = province.post(
        "/subsidy/rounds",
        data={
            "csrf_token": csrf(province, "/subsidy/"),
            "term": "2026秋",
            "subsidy_type": "国家助学金",
        },
    )
    assert again.status_code == 422 and "已经开启" in again.get_data(as_text=True)
    bad = province.post(
        "/subsidy/rounds",
        data={
            "csrf_token": csrf(province, "/subsidy/"),
            "term": "2026",
            "subsidy_type": "国家助学金",
        },
    )
    assert bad.status_code == 422 and "2026秋" in bad.get_data(as_text=True)


def test_the_api_opens_a_round_takes_json_rows_and_lists_flags(deployed, api, clock):
    seed_registry(deployed)
    province, school = api("province"), api("school")
    opened = province.post(
        "/api/v1/subsidy/rounds", json={"term": "2026秋", "subsidy_type": "国家助学金"}
    )
    assert opened.status_code == 201, opened.get_json()
    body = opened.get_json()
    mine = next(case for case in body["cases"] if case["school_code"] == "21010001")
    theirs = next(case for case in body["cases"] if case["school_code"] == "21020001")
    sent = school.post(
        f"/api/v1/subsidy/cases/{mine['id']}/recipients",
        json={"rows": as_rows([csv_line(1), csv_line(2), csv_line(3)])},
    )
    assert sent.status_code == 202, sent.get_json()
    job = sent.get_json()["job"]
    run_jobs(deployed, clock)
    assert school.get(f"/api/v1/jobs/{job}").get_json()["state"] == "done"
    flagged = school.get(f"/api/v1/subsidy/cases/{mine['id']}/rows?flag=status").get_json()
    assert [row["line"] for row in flagged["items"]] == [4]
    assert flagged["items"][0]["flags"][0]["code"] == "status"
    assert len(school.get(f"/api/v1/subsidy/cases/{mine['id']}/rows").get_json()["items"]) == 3
    assert school.get(f"/api/v1/subsidy/cases/{mine['id']}/rows?flag=x").status_code == 422
    assert school.get(f"/api/v1/subsidy/cases/{theirs['id']}/rows").status_code == 404
    seen = api("city").get(f"/api/v1/subsidy/rounds/{body['round']['id']}").get_json()
    assert [case["school_code"] for case in seen["cases"]] == ["21010001", "21010002"]
    assert seen["cases"][0]["flagged"] == 1
    refused = school.post(f"/api/v1/subsidy/cases/{theirs['id']}/recipients", json={"rows": []})
    assert refused.status_code == 404
    assert (
        province.post(
            "/api/v1/subsidy/rounds", json={"term": "2026秋", "subsidy_type": "国家助学金"}
        ).status_code
        == 422
    )


def test_the_round_page_sums_per_city_and_exports_as_filtered(deployed, api, login_as, clock):
    from openpyxl import load_workbook

    from webapp.processes.subsidy_verification.models import SubsidyRecipient

    seed_registry(deployed)
    opened = api("province").post(
        "/api/v1/subsidy/rounds", json={"term": "2026秋", "subsidy_type": "国家助学金"}
    )
    body = opened.get_json()
    round_id = body["round"]["id"]
    mine = next(case for case in body["cases"] if case["school_code"] == "21010001")
    api("school").post(
        f"/api/v1/subsidy/cases/{mine['id']}/recipients",
        json={"rows": as_rows([csv_line(1), csv_line(2), csv_line(3)])},
    )
    run_jobs(deployed, clock)
    with deployed.app_context():
        row = db.session.scalar(select(SubsidyRecipient).where(SubsidyRecipient.line == 2))
        row.removed, row.explanation = True, "学校删除"
        db.session.commit()
    page = login_as("province").get(f"/subsidy/rounds/{round_id}").get_data(as_text=True)
    assert "沈阳市" in page and "3,300.00" in page  # two kept rows of 1,650 yuan
    assert "各市未处理疑点的名单行数" in page
    assert "沈阳市" not in login_as("city2").get(f"/subsidy/rounds/{round_id}").get_data(
        as_text=True
    )

    def exported(client, which: str, **args) -> list[tuple]:
        answer = client.get(f"/subsidy/rounds/{round_id}/{which}.xlsx", query_string=args)
        assert answer.status_code == 200
        return list(load_workbook(io.BytesIO(answer.data)).active.iter_rows(values_only=True))

    province = login_as("province")
    kept = [r for r in exported(province, "kept") if r and r[3] and str(r[3]).startswith("G")]
    assert [r[2] for r in kept] == [3, 4] and "休学" in kept[1][10]
    removed = [r for r in exported(province, "removed") if r and r[3] and str(r[3]).startswith("G")]
    assert [r[2] for r in removed] == [2]
    other = exported(province, "kept", school="21020001")
    assert not [r for r in other if r and r[3] and str(r[3]).startswith("G")]
    assert [
        r for r in exported(login_as("city2"), "kept") if r and r[3] and str(r[3]).startswith("G")
    ] == []


def test_a_referral_is_seen_by_the_province_only(deployed, api, login_as, clock):
    from webapp.models import Event

    seed_registry(deployed)
    open_round(login_as)
    case_id = case_of(deployed, "21010001")
    province = login_as("province")
    token = csrf(province, f"/instances/{case_id}")
    refused = province.post(
        f"/subsidy/cases/{case_id}/referrals", data={"csrf_token": token, "reason": "太短"}
    )
    assert refused.status_code == 302
    assert "至少 10 个字" in province.get(f"/instances/{case_id}").get_data(as_text=True)
    answer = province.post(
        f"/subsidy/cases/{case_id}/referrals",
        data={
            "csrf_token": token,
            "reason": "虚报 3 名已退学学生套取国家助学金 4,950 元",
            "evidence": (io.BytesIO(b"%PDF-1.4\n%%EOF\n"), "核查记录.pdf"),
        },
        content_type="multipart/form-data",
    )
    assert answer.status_code == 302
    html = province.get(f"/instances/{case_id}").get_data(as_text=True)
    assert "虚报 3 名已退学学生" in html and "核查记录.pdf" in html
    link = re.search(r'href="(/subsidy/referrals/\d+/evidence/0)"', html)[1]
    download = province.get(link)
    assert download.data.startswith(b"%PDF")
    download.close()
    for username in ("school", "city"):
        other = login_as(username)
        assert "移交纪检" not in other.get(f"/instances/{case_id}").get_data(as_text=True)
        assert other.get(link).status_code == 404
    with deployed.app_context():
        events = db.session.scalars(select(Event).where(Event.action == "subsidy_referred")).all()
        assert [e.chain for e in events] == ["system"]  # not in the case's history


def test_a_row_kept_with_a_reason_lets_the_list_go_on(deployed, api, login_as, clock):
    from webapp.processes.subsidy_verification.models import SubsidyRecipient

    seed_registry(deployed)
    open_round(login_as)
    case_id = case_of(deployed, "21010001")
    school, page = api("school"), login_as("school")
    upload_list(page, case_id, [csv_line(1), csv_line(2), csv_line(3)])
    run_jobs(deployed, clock)
    complete(school, only_task(school, "报送资助名单")["id"], SENT)
    run_jobs(deployed, clock)
    answer = only_task(school, "处理疑点")
    with deployed.app_context():
        row_id = db.session.scalar(select(SubsidyRecipient.id).where(SubsidyRecipient.line == 4))
    token = csrf(page, f"/tasks/{answer['id']}")
    short = page.post(
        f"/subsidy/cases/{case_id}/answers",
        data={"csrf_token": token, "lines": "4", "action": "keep", "explanation": "已复学"},
    )
    assert short.status_code == 302
    page.post(
        f"/subsidy/cases/{case_id}/answers",
        data={
            "csrf_token": token,
            "lines": "4",
            "action": "keep",
            "explanation": "已于11月复学，附复学证明",
        },
    )
    complete(school, answer["id"], {"answer_note": "保留并说明"})
    run_jobs(deployed, clock)
    assert inbox(school) == []
    assert [item["name"] for item in inbox(api("city"))] == ["市级审核"]
    # A new flag on that row (the registry now says 退学) asks the school again.
    with deployed.app_context():
        db.session.execute(
            RegistryStudent.__table__.update()
            .where(RegistryStudent.student_no == f"G{3:012d}")
            .values(full_time=False)
        )
        db.session.commit()
    from webapp.processes.subsidy_verification import checks
    from webapp.processes.subsidy_verification.models import SubsidyRound
    from webapp.processes.subsidy_verification.settings_values import rules_for

    with deployed.app_context():
        checks.run(db.session.get(SubsidyRound, 1), rules_for("国家助学金"), case_id)
        db.session.commit()
        row = db.session.get(SubsidyRecipient, row_id)
        assert (row.explanation, row.answered_codes) == ("", "")


def test_no_case_starts_outside_a_round(deployed, api):
    answer = api("school").post("/api/v1/processes/subsidy_verification/instances", json={})
    assert answer.status_code == 422
    assert "由省教育厅按学期统一开启" in answer.get_json()["message"]


def test_a_case_left_waiting_gets_its_checks_again(deployed, api, login_as, clock):
    from webapp.jobs.models import BackgroundJob
    from webapp.services import process_hooks

    seed_registry(deployed)
    open_round(login_as)
    case_id = case_of(deployed, "21010001")
    school = api("school")
    upload_list(login_as("school"), case_id, [csv_line(1), csv_line(2)])
    run_jobs(deployed, clock)
    complete(school, only_task(school, "报送资助名单")["id"], SENT)
    with deployed.app_context():
        job = db.session.scalar(select(BackgroundJob).where(BackgroundJob.kind == "subsidy_checks"))
        job.state, job.error = "failed", "模拟失败"
        db.session.commit()
        process_hooks.housekeeping(clock)
        db.session.commit()
    run_jobs(deployed, clock)
    assert [item["name"] for item in inbox(api("city"))] == ["市级审核"]


def test_a_settled_upload_file_is_removed(deployed, login_as, clock):
    from pathlib import Path

    seed_registry(deployed)
    open_round(login_as)
    case_id = case_of(deployed, "21010001")
    page = login_as("school")
    folder = Path(deployed.config["UPLOAD_DIR"]) / "subsidy"
    upload_list(page, case_id, [csv_line(1)])
    run_jobs(deployed, clock)
    assert len(list(folder.iterdir())) == 1
    upload_list(page, case_id, [csv_line(1), csv_line(2)])
    run_jobs(deployed, clock)
    assert len(list(folder.iterdir())) == 1  # the first list's file went when the next ran


def test_an_older_upload_never_overwrites_a_newer_one(deployed, api, login_as, clock):
    seed_registry(deployed)
    open_round(login_as)
    case_id = case_of(deployed, "21010001")
    page = login_as("school")
    upload_list(page, case_id, [csv_line(1), csv_line(2), csv_line(3)])
    upload_list(page, case_id, [csv_line(1)])  # the school corrected its list before the first ran
    run_jobs(deployed, clock)
    rows = api("school").get(f"/api/v1/subsidy/cases/{case_id}/rows").get_json()["items"]
    assert [row["line"] for row in rows] == [2]
