"""File fields through the task page (limits, kept on error, scoped download) and the OpenAPI doc."""

from __future__ import annotations

import html
import io
import re

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
FORM = {"period": "2026春", "enrolled": "1500", "full_time_teachers": "80"}


def _start(school) -> str:
    return school.post("/processes/school_report/start").headers["Location"]


def test_a_fake_pdf_is_refused_and_the_input_is_kept(deployed, login_as):
    school = login_as("school")
    url = _start(school)
    response = school.post(
        url,
        data={
            **FORM,
            "summary": "本学期情况正常，无重大事项。",
            "evidence": (io.BytesIO(b"MZ not a pdf"), "report.pdf"),
        },
        content_type="multipart/form-data",
    )
    text = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "佐证材料" in text and 'value="2026春"' in text


def test_upload_survives_a_form_error_and_is_downloadable_only_in_scope(deployed, login_as):
    school = login_as("school")
    url = _start(school)
    first = school.post(
        url,
        data={**FORM, "summary": "短", "evidence": (io.BytesIO(PDF), "自查报告.pdf")},
        content_type="multipart/form-data",
    )
    page = first.get_data(as_text=True)
    assert first.status_code == 422
    assert "自查报告.pdf" in page  # the uploaded file is kept while the user fixes the summary
    keep = re.search(r"name=\"evidence__keep\" value='([^']*)'", page).group(1)

    done = school.post(
        url,
        data={
            **FORM,
            "summary": "本学期情况正常，无重大事项。",
            "evidence__keep": html.unescape(keep),
        },
    )
    assert done.status_code == 302
    detail = school.get("/instances/1").get_data(as_text=True)
    link = re.search(r'href="(/files/\d+)"', detail).group(1)
    with school.get(link) as download:
        assert download.status_code == 200 and download.data == PDF
        assert "attachment" in download.headers["Content-Disposition"]
    with login_as("city").get(link) as city_download:
        assert city_download.status_code == 200
    assert login_as("school2").get(link).status_code == 404
    assert login_as("city2").get(link).status_code == 404


def test_someone_elses_upload_cannot_be_claimed_by_id(deployed, login_as):
    school = login_as("school")
    url = _start(school)
    school.post(
        url,
        data={**FORM, "summary": "短", "evidence": (io.BytesIO(PDF), "a.pdf")},
        content_type="multipart/form-data",
    )
    other = login_as("school2")
    other_url = _start(other)
    forged = other.post(
        other_url,
        data={
            **FORM,
            "summary": "本学期情况正常，无重大事项。",
            "evidence__keep": '{"attachment_id": 1, "filename": "a.pdf"}',
        },
    )
    assert forged.status_code == 422
    assert "附件不存在或不属于您" in forged.get_data(as_text=True)


def test_openapi_lists_every_api_route(demo, client):
    document = client.get("/api/v1/openapi.json").get_json()
    assert document["openapi"].startswith("3.")
    documented = set(document["paths"])
    # The platform's API and the processes' own (ProcessModule.openapi_paths) alike.
    routes = {
        re.sub(r"<(?:int:)?([a-z_]+)>", r"{\1}", rule.rule.removeprefix("/api/v1"))
        for rule in demo.url_map.iter_rules()
        if rule.rule.startswith("/api/v1/") and rule.endpoint != "api.openapi_document"
    }
    assert routes == documented
    assert "/subsidy/rounds" in routes


def test_api_errors_are_json_in_chinese(demo, client, api):
    caller = api("school")
    missing = caller.get("/api/v1/no-such-thing")
    assert missing.status_code == 404 and missing.get_json()["error"] == "not_found"
    bad = caller.post("/api/v1/processes/none/instances", json={"data": []})
    assert bad.status_code == 422 and bad.get_json()["fields"]["data"]
    unknown = caller.post("/api/v1/processes/none/instances", json={"data": {}})
    assert unknown.status_code == 404 and "不存在" in unknown.get_json()["message"]
    not_json = caller.client.post("/api/v1/tasks/1/complete", data="x", headers=caller.headers)
    assert not_json.status_code == 422 and "JSON" in not_json.get_json()["message"]
