"""The per-major indicator (《中等职业学校设置标准》第七条: each major at least 2 full-time teachers
with an intermediate title or above in a related field), from the school's offered majors
(webapp/majors) through the self-assessment to the grade and the rectification notice."""

from __future__ import annotations

from sqlalchemy import select

from tests.helpers import complete, only_task, pdf_text, upload
from tests.processes.annual_inspection.samples import school as sample_school
from tests.processes.annual_inspection.test_process import _data, _open, _reviews
from webapp.extensions import db
from webapp.models import IssuedDocument


def _with_majors(app, clock) -> list[dict]:
    """The demo catalogue and school majors; one of 21010001's majors withdrawn."""
    from webapp.majors.demo import load_catalogue, load_school_majors
    from webapp.majors.models import SchoolMajor

    with app.app_context():
        load_catalogue(clock)
        load_school_majors(clock)
        majors = db.session.scalars(
            select(SchoolMajor)
            .join(SchoolMajor.school)
            .where(SchoolMajor.school.has(code="21010001"))
            .order_by(SchoolMajor.code)
        ).all()
        majors[-1].status = "withdrawn"
        db.session.commit()
        return [{"code": m.code, "name": m.name} for m in majors[:-1]]


def _rows(offered: list[dict], *counts: int) -> list[dict]:
    return [
        {"major_code": m["code"], "major_name": m["name"], "qualified_teachers": count}
        for m, count in zip(offered, counts, strict=True)
    ]


def test_the_case_starts_with_a_row_per_offered_major_and_the_form_shows_them(
    deployed, api, login_as, clock
):
    offered = _with_majors(deployed, clock)
    assert len(offered) >= 5
    cases, _ = _open(deployed, clock)
    data = _data(api, cases["21010001"])["data"]
    assert data["major_teachers"] == [
        {"major_code": m["code"], "major_name": m["name"], "qualified_teachers": None}
        for m in offered
    ]
    task = only_task(api("school"), "学校自查")
    page = login_as("school").get(f"/tasks/{task['id']}").get_data(as_text=True)
    assert "各开设专业的中级以上职称相关专业专任教师" in page
    assert all(f'value="{m["name"]}"' in page for m in offered)


def test_a_major_short_of_teachers_fails_the_indicator_and_is_on_the_notice(deployed, api, clock):
    offered = _with_majors(deployed, clock)
    cases, _ = _open(deployed, clock)
    school = api("school")
    task = only_task(school, "学校自查")["id"]
    evidence = [upload(school, task, "self_assessment_evidence")]
    missing = sample_school(major_teachers=_rows(offered[:-1], *[3] * (len(offered) - 1)))
    refused = complete(school, task, missing | {"self_assessment_evidence": evidence}, 422)
    assert (
        f"尚缺：{offered[-1]['code']} {offered[-1]['name']}" in refused["fields"]["major_teachers"]
    )
    counts = [1] + [3] * (len(offered) - 1)
    complete(
        school,
        task,
        sample_school(major_teachers=_rows(offered, *counts))
        | {"self_assessment_evidence": evidence},
    )
    _reviews(api)
    data = _data(api, cases["21010001"])["data"]
    (failed,) = data["failed_indicators"]
    assert failed["key"] == "major_qualified_teachers"
    assert failed["gap"] == f"1 个专业不足：{offered[0]['name']}（1 人）"
    assert data["grade"] == "不合格" and data["result"] == "整改中"  # one of two short: 50%
    with deployed.app_context():
        notice = db.session.scalar(
            select(IssuedDocument.id).where(IssuedDocument.kind == "rectification_notice")
        )
    text = "".join(pdf_text(deployed, notice).split())  # cells wrap: look for pieces
    assert "每个专业中级以上职称" in text and f"{offered[0]['name']}（1人）" in text


def test_the_threshold_setting_moves_the_per_major_indicator(deployed, api, login_as, clock):
    offered = _with_majors(deployed, clock)
    admin = login_as("admin")
    page = admin.get("/admin/settings").get_data(as_text=True)
    assert "每个专业中级以上职称相关专业专任教师不少于" in page
    saved = admin.post("/admin/settings", data={"inspection.min_qualified_teachers_per_major": "4"})
    assert saved.status_code == 302
    cases, _ = _open(deployed, clock)
    school = api("school")
    task = only_task(school, "学校自查")["id"]
    complete(
        school,
        task,
        sample_school(major_teachers=_rows(offered, *[3] * len(offered)))
        | {"self_assessment_evidence": [upload(school, task, "self_assessment_evidence")]},
    )
    data = _data(api, cases["21010001"])["data"]
    assert data["inspection_thresholds"]["inspection.min_qualified_teachers_per_major"] == 4
    assert [i["key"] for i in data["failed_indicators"]] == ["major_qualified_teachers"]
    assert data["grade"] == "不合格"  # 3 of 4: 25% short, beyond the 10% band
