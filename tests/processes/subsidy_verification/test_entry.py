"""Rows filled in on the page: checked like a file's, refused cell by cell with what was typed
kept, added after the list's last line and checked in the background."""

from __future__ import annotations

from sqlalchemy import select

from tests.helpers import complete, only_task
from tests.processes.subsidy_verification.helpers import (
    SENT,
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


def _cells(index: int, serial: int, **changes) -> dict[str, str]:
    values = {
        "学籍号": f"G{serial:012d}", "身份证号": id_number(serial), "姓名": f"学生{serial}",
        "年级": "1", "专业代码": "610101", "档次": "一档", "金额": "1650",
        "家庭经济困难认定": "否",
    } | changes  # fmt: skip
    return {f"r{index}-{position}": value for position, value in enumerate(values.values())}


def test_rows_filled_in_are_checked_kept_when_wrong_and_added_after_the_list(
    deployed, api, login_as, clock
):
    from webapp.processes.subsidy_verification.models import SubsidyFlag, SubsidyRecipient

    seed_registry(deployed)
    open_round(login_as)
    case_id = case_of(deployed, "21010001")
    page = login_as("school")
    upload_list(page, case_id, [csv_line(1)])
    run_jobs(deployed, clock)
    url = f"/subsidy/cases/{case_id}/rows/new"
    form = page.get(url)
    assert form.status_code == 200 and "在线填写资助名单" in form.get_data(as_text=True)
    wrong_id = id_number(2)[:-1] + ("1" if id_number(2)[-1] != "1" else "2")
    refused = page.post(
        url,
        data={"csrf_token": csrf(page, url)}
        | _cells(0, 2, 身份证号=wrong_id)
        | _cells(1, 3, 年级="4"),
    )
    html = refused.get_data(as_text=True)
    assert refused.status_code == 422
    assert "第 1 行，身份证号" in html and "第 2 行，年级：应为 1、2 或 3" in html
    assert f'value="{wrong_id}"' in html and 'value="学生3"' in html  # nothing typed is lost
    assert html.count('class="field-error"') == 2
    with deployed.app_context():
        assert db.session.scalar(select(db.func.count()).select_from(SubsidyRecipient)) == 1
    added = page.post(url, data={"csrf_token": csrf(page, url)} | _cells(0, 2) | _cells(1, 3))
    assert added.status_code == 302
    with deployed.app_context():
        lines = db.session.execute(
            select(SubsidyRecipient.line, SubsidyRecipient.name).order_by(SubsidyRecipient.line)
        ).all()
    assert lines == [(2, "学生1"), (3, "学生2"), (4, "学生3")]
    school = api("school")
    item = only_task(school, "报送资助名单")
    waiting = complete(school, item["id"], SENT, status=422)
    assert "后台检查中" in waiting["fields"]["_form"]
    run_jobs(deployed, clock)
    with deployed.app_context():
        flagged = db.session.execute(
            select(SubsidyRecipient.line, SubsidyFlag.code).join(
                SubsidyFlag, SubsidyFlag.recipient_id == SubsidyRecipient.id
            )
        ).all()
    assert flagged == [(4, "status")]  # the 休学 student, found by the background check
    complete(school, item["id"], SENT)
    run_jobs(deployed, clock)
    assert only_task(school, "处理疑点")
    # Past the list's step the page is closed to the school.
    assert page.get(url).status_code == 404


def test_only_the_schools_own_staff_fill_rows_in(deployed, login_as):
    open_round(login_as)
    case_id = case_of(deployed, "21010001")
    assert login_as("school2").get(f"/subsidy/cases/{case_id}/rows/new").status_code == 404
    assert login_as("city").get(f"/subsidy/cases/{case_id}/rows/new").status_code == 404


def test_the_api_takes_a_list_file_as_multipart(deployed, api, login_as, clock):
    import io

    from tests.processes.subsidy_verification.helpers import HEADER

    seed_registry(deployed)
    open_round(login_as)
    case_id = case_of(deployed, "21010001")
    school = api("school")
    body = "\n".join([HEADER, csv_line(1), csv_line(3)]).encode("gb18030")  # Excel's CSV
    sent = school.client.post(
        f"/api/v1/subsidy/cases/{case_id}/recipients",
        data={"file": (io.BytesIO(body), "名单.csv")},
        headers=school.headers,
        content_type="multipart/form-data",
    )
    assert sent.status_code == 202, sent.get_json()
    run_jobs(deployed, clock)
    job = school.get(f"/api/v1/jobs/{sent.get_json()['job']}").get_json()
    assert job["state"] == "done" and job["result"]["rows"] == 2
    rows = school.get(f"/api/v1/subsidy/cases/{case_id}/rows?flag=status").get_json()
    assert [row["name"] for row in rows["items"]] == ["学生3"]
    stranger = api("school2")
    other = stranger.client.post(
        f"/api/v1/subsidy/cases/{case_id}/recipients",
        data={"file": (io.BytesIO(body), "名单.csv")},
        headers=stranger.headers,
        content_type="multipart/form-data",
    )
    assert other.status_code == 404
