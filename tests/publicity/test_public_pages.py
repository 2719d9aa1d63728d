"""公示: a final result is published for a period of working days on pages anyone can open; an
objection within the period opens a case for the province, which alone sees who objected."""

from __future__ import annotations

import io
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from tests.helpers import complete, inbox, only_task
from webapp.extensions import db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
SHANGHAI = ZoneInfo("Asia/Shanghai")


def _publish(
    app, api, clock, title: str = "沈阳市装备制造工程学校 2026 年度办学资质年检结果：合格"
) -> int:
    from webapp.models import ProcessInstance
    from webapp.publicity import service

    started = api("school").post("/api/v1/processes/school_report/instances", json={"data": {}})
    with app.app_context():
        instance = db.session.get(ProcessInstance, started.get_json()["id"])
        publication = service.publish(
            instance, "inspection_result", title, "年检结论：合格。", clock
        )
        again = service.publish(instance, "inspection_result", title, "年检结论：合格。", clock)
        assert again.id == publication.id  # once per case, kind and document
        db.session.commit()
        return publication.id


def _objections(app) -> int:
    from webapp.publicity.models import Objection

    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Objection))


def test_a_result_is_published_for_five_working_days_and_anyone_may_object(
    deployed, api, clock, login_as
):
    publication = _publish(deployed, api, clock)  # Monday 2 March 2026
    anyone = deployed.test_client()
    listing = anyone.get("/public/")
    assert listing.status_code == 200 and listing.headers["X-Robots-Tag"] == "noindex, nofollow"
    text = listing.get_data(as_text=True)
    assert "2026-03-02 至 2026-03-06" in text and "公示中" in text
    page = anyone.get(f"/public/{publication}").get_data(as_text=True)
    assert "提出异议" in page and "2026-03-06 前提出" in page
    wrong = anyone.post(
        f"/public/{publication}/objections",
        data={"name": "王", "contact": "123456", "text": "有问题"},
    )
    html = wrong.get_data(as_text=True)
    assert wrong.status_code == 422 and _objections(deployed) == 0
    assert "请填写姓名" in html and "手机号（11 位）" in html and "10–2000 个字" in html
    assert 'value="123456"' in html and "有问题</textarea>" in html  # what was typed stays
    sent = anyone.post(
        f"/public/{publication}/objections",
        data={
            "name": "王某某", "contact": "13912345678",
            "text": "该校实训设备多为借用，年检时临时搬入，请核实设备台账。",
            "evidence": (io.BytesIO(PDF), "照片说明.pdf"),
        },
        content_type="multipart/form-data",
    )  # fmt: skip
    assert sent.status_code == 302
    assert "您的异议已收到" in anyone.get(sent.headers["Location"]).get_data(as_text=True)
    province = api("province")
    task = only_task(province, "处理公示异议")
    assert task["due_at"].startswith("2026-03-16")  # ten working days (setting)
    assert "公示异议－沈阳市装备制造工程学校" in task["title"]
    case_page = login_as("province").get(f"/instances/{task['instance_id']}").get_data(as_text=True)
    assert "王某某" in case_page and "13912345678" in case_page and "照片说明.pdf" in case_page
    for who in ("city", "school"):
        assert login_as(who).get(f"/instances/{task['instance_id']}").status_code == 404
    watched = login_as("supervisor").get(f"/instances/{task['instance_id']}")
    assert watched.status_code == 200 and "王某某" not in watched.get_data(as_text=True)
    assert inbox(api("school")) != [] and "处理公示异议" not in [
        i["name"] for i in inbox(api("city"))
    ]
    complete(
        province,
        task["id"],
        {
            "objection_finding": "经核查设备台账和购置发票，设备为学校自有。",
            "objection_outcome": "rejected",
            "objection_reply": "经核实，相关设备为学校自有资产，维持公示内容。",
        },
    )
    body = province.get(f"/api/v1/instances/{task['instance_id']}").get_json()
    assert body["status"] == "completed"


def test_objection_files_are_for_the_province_only(deployed, api, clock, login_as):
    from webapp.publicity.models import Objection

    publication = _publish(deployed, api, clock)
    deployed.test_client().post(
        f"/public/{publication}/objections",
        data={
            "name": "李某", "contact": "024-86901234", "text": "公示的年检结论与实际办学情况不符，请核实。",
            "evidence": (io.BytesIO(PDF), "材料.pdf"),
        },
        content_type="multipart/form-data",
    )  # fmt: skip
    with deployed.app_context():
        objection = db.session.scalar(select(Objection.id))
    url = f"/objections/{objection}/evidence/0"
    download = login_as("province").get(url)
    assert download.status_code == 200 and download.data == PDF
    download.close()
    assert login_as("city").get(url).status_code == 404
    assert deployed.test_client().get(url).status_code == 302  # to the login page


def test_after_the_period_no_objection_is_taken(deployed, api, clock):
    publication = _publish(deployed, api, clock)
    clock.set(datetime(2026, 3, 7, 9, 0, tzinfo=SHANGHAI))  # Saturday after the period
    anyone = deployed.test_client()
    assert "公示期满" in anyone.get(f"/public/{publication}").get_data(as_text=True)
    late = anyone.post(
        f"/public/{publication}/objections",
        data={"name": "王某某", "contact": "13912345678", "text": "公示期满后提出的异议内容。"},
    )
    assert late.status_code == 422 and "当前不受理异议" in late.get_data(as_text=True)
    assert _objections(deployed) == 0


def test_the_period_is_a_setting_and_starts_on_a_working_day(deployed, api, clock):
    from webapp.publicity.models import Publication
    from webapp.settings_store import service as settings

    with deployed.app_context():
        assert settings.set_values({"publicity.days": "7"}, None, clock) == {}
        db.session.commit()
    clock.set(datetime(2026, 3, 7, 9, 0, tzinfo=SHANGHAI))  # a Saturday
    publication = _publish(deployed, api, clock)
    with deployed.app_context():
        row = db.session.get(Publication, publication)
        assert (row.starts_on.isoformat(), row.ends_on.isoformat()) == ("2026-03-09", "2026-03-17")
