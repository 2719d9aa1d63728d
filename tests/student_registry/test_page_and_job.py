"""Importing through the administration page and the API: the file is kept, a background job
imports it (run here as the scheduler would), progress and the outcome show on the page."""

from __future__ import annotations

import io
import re
from pathlib import Path

from sqlalchemy import func, select

from tests.student_registry.helpers import HEADER, row
from webapp.extensions import db
from webapp.student_registry.models import RegistryStudent


def _csv(rows: list[str]) -> bytes:
    return ("\n".join([HEADER, *rows]) + "\n").encode()


def _token(client) -> str:
    page = client.get("/admin/registry").get_data(as_text=True)
    return re.search(r'name="csrf_token" value="([^"]+)"', page)[1]


def _run_jobs(app, clock) -> int:
    from webapp.jobs import run_pending

    with app.app_context():
        return run_pending("test-worker", clock)


def _count(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(RegistryStudent))


def test_upload_queues_a_job_that_imports_and_removes_the_file(demo, login_as, clock):
    admin = login_as("admin")
    answer = admin.post(
        "/admin/registry/import",
        data={
            "csrf_token": _token(admin),
            "as_of": "2026-11-20",
            "file": (io.BytesIO(_csv([row(n) for n in range(30)])), "学籍.csv"),
        },
        content_type="multipart/form-data",
    )
    assert answer.status_code == 302
    page = admin.get("/admin/registry").get_data(as_text=True)
    assert "排队中" in page and "学籍.csv" in page
    assert _count(demo) == 0  # nothing until the job runs: the request never imports
    assert _run_jobs(demo, clock) == 1
    assert _count(demo) == 30
    page = admin.get("/admin/registry").get_data(as_text=True)
    assert "已完成" in page and "已导入学籍 30 条" in page
    # The file stays until its job has settled; the next import removes it.
    kept = Path(demo.config["UPLOAD_DIR"]) / "registry"
    assert len(list(kept.iterdir())) == 1
    admin.post(
        "/admin/registry/import",
        data={
            "csrf_token": _token(admin),
            "as_of": "2026-11-21",
            "file": (io.BytesIO(_csv([row(n) for n in range(10)])), "学籍2.csv"),
        },  # fmt: skip
        content_type="multipart/form-data",
    )
    _run_jobs(demo, clock)
    assert len(list(kept.iterdir())) == 1 and _count(demo) == 10


def test_a_refused_file_shows_its_problems_and_writes_nothing(demo, login_as, clock):
    admin = login_as("admin")
    bad = [row(1), row(2, 学段="大学"), row(3, 年级="4")]
    admin.post(
        "/admin/registry/import",
        data={
            "csrf_token": _token(admin),
            "as_of": "2026-11-20",
            "file": (io.BytesIO(_csv(bad)), "bad.csv"),
        },  # fmt: skip
        content_type="multipart/form-data",
    )
    _run_jobs(demo, clock)
    assert _count(demo) == 0
    page = admin.get("/admin/registry").get_data(as_text=True)
    assert "失败" in page and "第 3 行" in page and "学段" in page


def test_the_page_refuses_what_it_cannot_take_keeping_the_date(demo, login_as):
    admin = login_as("admin")
    answer = admin.post(
        "/admin/registry/import",
        data={
            "csrf_token": _token(admin),
            "as_of": "2026-11-20",
            "file": (io.BytesIO(b"x"), "students.txt"),
        },  # fmt: skip
        content_type="multipart/form-data",
    )
    assert answer.status_code == 422
    html = answer.get_data(as_text=True)
    assert ".csv 或 .xlsx" in html and 'value="2026-11-20"' in html
    answer = admin.post(
        "/admin/registry/import", data={"csrf_token": _token(admin), "as_of": "20261120"}
    )
    assert answer.status_code == 422 and "数据日期" in answer.get_data(as_text=True)
    assert login_as("province").get("/admin/registry").status_code in (403, 404)


def test_the_api_imports_for_administrators_only(demo, api, clock):
    admin = api("admin")
    files = {
        "file": (io.BytesIO(_csv([row(n) for n in range(5)])), "学籍.csv"),
        "as_of": "2026-11-20",
    }
    answer = admin.client.post(
        "/api/v1/registry/imports",
        data=files,
        headers=admin.headers,
        content_type="multipart/form-data",
    )
    assert answer.status_code == 202, answer.get_json()
    job = answer.get_json()["job"]
    assert admin.get(f"/api/v1/jobs/{job}").get_json()["state"] == "queued"
    _run_jobs(demo, clock)
    done = admin.get(f"/api/v1/jobs/{job}").get_json()
    assert done["state"] == "done" and done["result"]["inserted"] == 5
    province = api("province")
    files = {"file": (io.BytesIO(_csv([row(9)])), "学籍.csv"), "as_of": "2026-11-20"}
    refused = province.client.post(
        "/api/v1/registry/imports",
        data=files,
        headers=province.headers,
        content_type="multipart/form-data",
    )
    assert refused.status_code == 403
