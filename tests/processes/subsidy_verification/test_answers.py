"""The school's answers to flagged rows on the page (one row, a selection, with evidence) and
through the API (all or none); the list filtered and paged; a refusal keeps what was typed."""

from __future__ import annotations

import io
import re

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
from webapp.extensions import db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _rows(app, case_id: int) -> dict[int, tuple[bool, str, int | None]]:
    from webapp.processes.subsidy_verification.models import SubsidyRecipient

    with app.app_context():
        found = db.session.scalars(
            select(SubsidyRecipient).where(SubsidyRecipient.instance_id == case_id)
        )
        return {row.line: (row.removed, row.explanation, row.evidence_id) for row in found}


def _at_answer_flags(deployed, api, login_as, clock, lines: list[str]) -> tuple[int, dict]:
    seed_registry(deployed)
    open_round(login_as)
    case_id = case_of(deployed, "21010001")
    upload_list(login_as("school"), case_id, lines)
    run_jobs(deployed, clock)
    school = api("school")
    complete(school, only_task(school, "报送资助名单")["id"], SENT)
    run_jobs(deployed, clock)
    return case_id, only_task(school, "处理疑点")


def test_a_selection_is_answered_at_once_and_a_refusal_keeps_what_was_typed(
    deployed, api, login_as, clock
):
    # Lines 2-3 registered and clean; 4 is 休学; 5-7 are not in the registry.
    lines = [csv_line(serial) for serial in (1, 2, 3, 4, 5, 6)]
    case_id, answer = _at_answer_flags(deployed, api, login_as, clock, lines)
    page = login_as("school")
    url = f"/tasks/{answer['id']}"
    token = csrf(page, url)
    short = page.post(
        f"/subsidy/cases/{case_id}/answers",
        data={
            "csrf_token": token,
            "source": "bulk",
            "lines": ["5", "6"],
            "action": "keep",
            "explanation": "短",
        },  # fmt: skip
    )
    assert short.status_code == 302
    html = page.get(url).get_data(as_text=True)
    assert "第 5 行：保留时请写明理由" in html and "第 6 行：保留时请写明理由" in html
    assert re.search(r'value="短"[^>]*aria-label="批量保留理由"', html)  # what was typed stays
    assert html.count('form="bulk-answer" aria-label="选择第 5 行" checked') == 1
    assert all(not removed and not why for removed, why, _ in _rows(deployed, case_id).values())
    # Keeping an unflagged row is refused, and with it the whole selection.
    clean = page.post(
        f"/subsidy/cases/{case_id}/answers",
        data={
            "csrf_token": token,
            "lines": ["2", "5"],
            "action": "keep",
            "explanation": "外省转入学生",
        },
    )
    assert clean.status_code == 302
    assert "第 2 行没有疑点" in page.get(url).get_data(as_text=True)
    assert _rows(deployed, case_id)[5][1] == ""
    removed = page.post(
        f"/subsidy/cases/{case_id}/answers",
        data={"csrf_token": token, "lines": ["5", "6", "7"], "action": "remove"},
    )
    assert removed.status_code == 302
    rows = _rows(deployed, case_id)
    assert [line for line, (gone, _, _) in sorted(rows.items()) if gone] == [5, 6, 7]
    assert "第 5、6、7 行已删除" in page.get(url).get_data(as_text=True)


def test_a_row_is_kept_with_its_evidence_which_the_city_can_open(deployed, api, login_as, clock):
    case_id, answer = _at_answer_flags(deployed, api, login_as, clock, [csv_line(1), csv_line(3)])
    page = login_as("school")
    token = csrf(page, f"/tasks/{answer['id']}")
    wrong = page.post(
        f"/subsidy/cases/{case_id}/answers",
        data={
            "csrf_token": token, "lines": "3", "action": "keep", "explanation": "已于11月复学",
            "evidence": (io.BytesIO(b"MZ not a pdf"), "证明.pdf"),
        },
        content_type="multipart/form-data",
    )  # fmt: skip
    assert wrong.status_code == 302
    html = page.get(f"/tasks/{answer['id']}").get_data(as_text=True)
    assert "不是有效的 PDF" in html and "佐证材料请重新选择" in html
    assert _rows(deployed, case_id)[3] == (False, "", None)
    kept = page.post(
        f"/subsidy/cases/{case_id}/answers",
        data={
            "csrf_token": token, "lines": "3", "action": "keep", "explanation": "已于11月复学",
            "evidence": (io.BytesIO(PDF), "复学证明.pdf"),
        },
        content_type="multipart/form-data",
    )  # fmt: skip
    assert kept.status_code == 302
    _removed, why, evidence = _rows(deployed, case_id)[3]
    assert why == "已于11月复学" and evidence
    school = api("school")
    complete(school, answer["id"], {"answer_note": "已说明"})
    run_jobs(deployed, clock)
    city = login_as("city")
    html = city.get(f"/instances/{case_id}").get_data(as_text=True)
    assert f"/files/{evidence}" in html
    download = city.get(f"/files/{evidence}")
    assert download.status_code == 200 and download.data == PDF
    download.close()
    assert login_as("school2").get(f"/files/{evidence}").status_code == 404


def test_the_api_answers_all_or_none(deployed, api, login_as, clock):
    case_id, answer = _at_answer_flags(
        deployed, api, login_as, clock, [csv_line(s) for s in (1, 3, 4, 5)]
    )
    school = api("school")
    url = f"/api/v1/subsidy/cases/{case_id}/answers"
    refused = school.post(
        url,
        json={
            "answers": [
                {"line": 3, "action": "remove"},
                {"line": 4, "action": "keep", "explanation": "短"},
                {"line": 99, "action": "remove"},
            ]
        },
    )
    assert refused.status_code == 422
    fields = refused.get_json()["fields"]
    assert "至少 5 个字" in fields["line.4"] and "没有第 99 行" in fields["line.99"]
    assert _rows(deployed, case_id)[3][0] is False  # nothing applied
    city = api("city").post(url, json={"answers": [{"line": 3, "action": "remove"}]})
    assert city.status_code == 422 and "不是该校用户" in city.get_json()["message"]
    done = school.post(
        url,
        json={
            "answers": [
                {"line": 3, "action": "remove"},
                {"line": 4, "action": "keep", "explanation": "学籍已于本月补录"},
                {"line": 5, "action": "remove", "explanation": "已毕业"},
            ]
        },
    )
    assert done.status_code == 200, done.get_json()
    assert done.get_json()["changed"] == 3 and done.get_json()["unanswered"] == 0
    rows = school.get(f"/api/v1/subsidy/cases/{case_id}/rows?unanswered=true").get_json()
    assert rows["total"] == 0
    complete(school, answer["id"], {"answer_note": "已处理"})


def test_the_list_is_filtered_and_paged(deployed, api, login_as, clock):
    from webapp.processes.subsidy_verification.case_pages import PAGE_SIZE

    serials = list(range(1, PAGE_SIZE + 31))
    case_id, answer = _at_answer_flags(
        deployed, api, login_as, clock, [csv_line(s) for s in serials]
    )
    page = login_as("school")
    url = f"/tasks/{answer['id']}"
    first = page.get(url).get_data(as_text=True)
    assert f"第 1 / 2 页，共 {len(serials)} 行" in first
    assert "选择第 4 行" in first  # the 休学 row: flagged rows come first
    second = page.get(url + "?page=2").get_data(as_text=True)
    assert "选择第 2 行" in second and "选择第 3 行" in second  # the two clean ones come last
    status = page.get(url + "?flag=status").get_data(as_text=True)
    assert "选择第 4 行" in status and "选择第 5 行" not in status and "共 1 行" in status
    api_page = api("school").get(
        f"/api/v1/subsidy/cases/{case_id}/rows?flag=not_registered&size=50&page=3"
    )
    body = api_page.get_json()
    assert body["total"] == len(serials) - 3 and len(body["items"]) == len(serials) - 3 - 100
