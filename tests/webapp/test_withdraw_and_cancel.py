"""撤回 and 作废 (issue 14): a school withdraws an application nobody has acted on yet, an
administrator cancels any case; both need a reason, stay in the history, close the open steps
and deadlines, and void the case's documents on /verify."""

from __future__ import annotations

import re

from sqlalchemy import select

from tests.helpers import complete, inbox, only_task
from tests.processes.internship_approval.helpers import (
    ADULT,
    MINOR_A,
    approve_through_school_and_city,
    consent_links,
    start_application,
)
from webapp.extensions import db
from webapp.models import Deadline, IssuedDocument, WorkItem


def _csrf(page: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def _post(client, instance_id: int, action: str, reason: str):
    page = client.get(f"/instances/{instance_id}").get_data(as_text=True)
    return client.post(
        f"/instances/{instance_id}/{action}", data={"csrf_token": _csrf(page), "reason": reason}
    )


def _open_state(app, instance_id: int) -> tuple[list[str], int]:
    with app.app_context():
        statuses = db.session.scalars(
            select(WorkItem.status).where(WorkItem.instance_id == instance_id)
        ).all()
        pending = db.session.scalars(
            select(Deadline.id).where(
                Deadline.instance_id == instance_id, Deadline.status == "pending"
            )
        ).all()
        return list(statuses), len(pending)


def test_a_school_withdraws_a_submitted_application_with_a_reason(deployed, api, login_as, client):
    started, body = start_application(api, [MINOR_A])  # consent letters issued, a guardian waits
    case = started["id"]
    links = consent_links(deployed, case)
    school = login_as("school")
    page = school.get(f"/instances/{case}").get_data(as_text=True)
    assert "撤回申请" in page and "作废事项" not in page

    refused = _post(school, case, "withdraw", "   ")
    text = refused.get_data(as_text=True)
    assert refused.status_code == 422 and "请填写原因" in text
    assert _open_state(deployed, case)[0].count("open") >= 1  # nothing changed

    done = _post(school, case, "withdraw", "实习单位临时取消接收计划")
    assert done.status_code == 302
    page = school.get(f"/instances/{case}").get_data(as_text=True)
    assert "已撤回" in page and "原因：实习单位临时取消接收计划" in page
    assert "撤回申请" in page  # the history names the action
    statuses, pending = _open_state(deployed, case)
    assert "open" not in statuses and pending == 0
    assert inbox(api("school")) == [] and inbox(api("city")) == []

    with deployed.app_context():
        letters = db.session.scalars(
            select(IssuedDocument).where(IssuedDocument.instance_id == case)
        ).all()
        assert letters and all(letter.revoked for letter in letters)
        code = letters[0].verification_code
    assert "该文件已作废" in client.get(f"/verify/{code}").get_data(as_text=True)
    guardian = client.get(links["未成年乙"]).get_data(as_text=True)
    assert "本次实习安排已取消" in guardian and "提交答复" not in guardian
    again = _post(school, case, "withdraw", "再撤回一次")
    assert again.status_code == 409 and "已撤回" in again.get_data(as_text=True)


def test_no_withdrawal_once_the_city_has_taken_it_up(deployed, api, login_as):
    started, _ = start_application(api, [ADULT])
    case = started["id"]
    school, city = api("school"), api("city")
    complete(school, only_task(school, "学校领导审批")["id"], {"leader_decision": "approve"})
    # the city has a step but has not touched it: still the school's to take back
    assert _post(login_as("school"), case, "withdraw", "").status_code == 422
    item = only_task(city, "市教育局审核备案")
    assert city.post(f"/api/v1/tasks/{item['id']}/claim").status_code == 200
    refused = school.post(f"/api/v1/instances/{case}/withdraw", json={"reason": "不想办了"})
    assert refused.status_code == 409
    assert "已开始办理" in refused.get_json()["message"]
    page = login_as("school").get(f"/instances/{case}").get_data(as_text=True)
    assert "已开始办理，不能撤回" in page and 'action="/instances/' not in page


def test_only_the_school_that_started_it_may_withdraw(deployed, api):
    started, _ = start_application(api, [ADULT])
    case = started["id"]
    city = api("city").post(f"/api/v1/instances/{case}/withdraw", json={"reason": "市局撤回"})
    assert city.status_code == 403
    other = api("school2").post(f"/api/v1/instances/{case}/withdraw", json={"reason": "x"})
    assert other.status_code == 404  # another school cannot even see it
    admin = api("admin").post(f"/api/v1/instances/{case}/withdraw", json={"reason": "x"})
    assert admin.status_code == 403


def test_an_administrator_cancels_an_approved_case_and_its_documents(
    deployed, api, login_as, client
):
    started, _ = start_application(api, [ADULT])
    case = started["id"]
    approve_through_school_and_city(api)
    with deployed.app_context():
        codes = db.session.scalars(
            select(IssuedDocument.verification_code).where(IssuedDocument.instance_id == case)
        ).all()
    assert codes
    assert "作废事项" not in login_as("school").get(f"/instances/{case}").get_data(as_text=True)
    assert (
        api("province").post(f"/api/v1/instances/{case}/cancel", json={"reason": "x"}).status_code
        == 403
    )

    admin = login_as("admin")
    assert "作废事项" in admin.get(f"/instances/{case}").get_data(as_text=True)
    long = _post(admin, case, "cancel", "字" * 501)
    assert long.status_code == 422 and "最多 500 个字" in long.get_data(as_text=True)
    assert "字" * 501 in long.get_data(as_text=True)  # what was typed stays on the page
    assert _post(admin, case, "cancel", "实习单位资质造假，经核实撤销备案").status_code == 302

    body = api("school").get(f"/api/v1/instances/{case}").get_json()
    assert body["status"] == "cancelled"
    cancelled = [e for e in body["history"] if e["action"] == "instance_cancelled"]
    assert cancelled[0]["after"]["reason"] == "实习单位资质造假，经核实撤销备案"
    for code in codes:
        assert "该文件已作废" in client.get(f"/verify/{code}").get_data(as_text=True)
    notices = api("school").get("/api/v1/notifications").get_json()["items"]
    assert any("已被作废" in n["title"] and "资质造假" in n["body"] for n in notices)
    again = api("admin").post(f"/api/v1/instances/{case}/cancel", json={"reason": "再次"})
    assert again.status_code == 409


def test_cancelling_tells_the_people_whose_steps_it_closed(deployed, api):
    started, _ = start_application(api, [ADULT])
    case = started["id"]
    reply = api("admin").post(f"/api/v1/instances/{case}/cancel", json={"reason": "重复申请"})
    assert reply.status_code == 200, reply.get_json()
    assert reply.get_json()["status"] == "cancelled" and reply.get_json()["tasks"] == []
    titles = [n["title"] for n in api("school").get("/api/v1/notifications").get_json()["items"]]
    assert any("已被作废" in title for title in titles)
    statuses, pending = _open_state(deployed, case)
    assert statuses and "open" not in statuses and pending == 0
