"""Building an internship application and playing the guardian's link for the process tests."""

from __future__ import annotations

import re
from datetime import date

from sqlalchemy import select

from tests.helpers import complete, only_task, pdf_text
from tests.processes.internship_approval.rules.synthetic import credit_code, id_number
from webapp.clock import current_clock
from webapp.extensions import db
from webapp.models import User
from webapp.processes.internship_approval.models import ConsentRequest
from webapp.settings_store import service as settings_store

START = "2026-04-01"
CONSENT_FOR_ALL = "internship.consent_for_all_placements"


def student(name: str, born: date, **changes) -> dict:
    return {
        "name": name,
        "id_number": id_number(born),
        "major": "数控技术应用",
        "grade": 2,
        "major_group": "对口",
        "guardian_name": f"{name[0]}家长",
        "guardian_relation": "母亲",
        "guardian_phone": "13800000000",
        **changes,
    }


ADULT = student("成年甲", date(2007, 3, 1))  # 19 on the start date
MINOR_A = student("未成年乙", date(2009, 6, 1))  # 16
MINOR_B = student("未成年丙", date(2009, 9, 1))  # 16


def application(students: list[dict], **changes) -> dict:
    data = {
        "kind": "岗位实习",
        "unit_name": "沈阳机床装备有限公司",
        "unit_credit_code": credit_code(),
        "unit_type": "企业",
        "unit_staff_count": 800,
        "unit_address": "沈阳市铁西区北一路 1 号",
        "posts": [
            {"post_name": "数控车床操作", "interns": len(students), "post_staff": 60, "risk": "无"}
        ],
        "work_content": "数控车床操作与产品检验",
        "start_date": START,
        "end_date": "2026-07-31",
        "daily_hours": 8,
        "pay_per_month": 3000,
        "same_post_wage": 3500,
        "pay_method": "货币",
        "pay_cycle": "每月",
        "insurance_policy_no": "PZ2026000123",
        "insurer": "中国人民财产保险股份有限公司沈阳市分公司",
        "insurance_start": "2026-03-25",
        "insurance_end": "2026-08-31",
        "premium_paid_by": "学校",
        "supervising_teacher": "王老师",
        "unit_mentor": "李师傅",
        "students": students,
    }
    data.update(changes)
    return data


def use_setting(app, key: str, value: str) -> None:
    """Store a provincial setting as the administrator would."""
    with app.app_context():
        admin = db.session.scalar(select(User).where(User.username == "admin"))
        assert settings_store.set_values({key: value}, admin, current_clock()) == {}
        db.session.commit()


def start_application(
    api, students: list[dict], consent_for_all: bool = False, **changes
) -> tuple[dict, dict]:
    """The school starts and submits an application. By default under the setting that asks
    consent of minors' guardians only (the tests of other parts were written for it); the
    province's default, consent for every 岗位实习 student, with consent_for_all=True."""
    school = api("school")
    use_setting(school.client.application, CONSENT_FOR_ALL, "1" if consent_for_all else "0")
    started = school.post(
        "/api/v1/processes/internship_approval/instances", json={"data": {}}
    ).get_json()
    complete(school, started["tasks"][0]["id"], application(students, **changes))
    return started, school.get(f"/api/v1/instances/{started['id']}").get_json()


def consent_links(app, instance_id: int) -> dict[str, str]:
    """Student name → the guardian's link path, read from the issued letters themselves."""
    with app.app_context():
        requests = db.session.scalars(
            select(ConsentRequest).where(ConsentRequest.instance_id == instance_id)
        ).all()
        letters = {r.student_name: r.letter_document_id for r in requests}
    links = {}
    for name, document_id in letters.items():
        text = pdf_text(app, document_id)
        links[name] = re.search(
            r"/consent/[A-Za-z0-9_-]{32,}", text.replace("\n", "").replace(" ", "")
        ).group(0)
    return links


def answer(client, link: str, consent: str) -> None:
    response = client.post(link, data={"consent": consent, "consent_note": ""})
    assert response.status_code == 302, response.get_data(as_text=True)


def approve_through_school_and_city(api) -> None:
    school, city = api("school"), api("city")
    complete(school, only_task(school, "学校领导审批")["id"], {"leader_decision": "approve"})
    complete(city, only_task(city, "市教育局审核备案")["id"], {"city_decision": "approve"})
