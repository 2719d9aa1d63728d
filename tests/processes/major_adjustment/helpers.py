"""Playing a major-adjustment case through the API, each actor in turn."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import select

from tests.helpers import complete, only_task, upload
from tests.processes.internship_approval.rules.synthetic import id_number as synthetic_id
from webapp.extensions import db

KEY = "major_adjustment"
# 15 September 2026, 09:00 in Liaoning: inside the default window (1 Sep – 31 Oct).
IN_WINDOW = datetime(2026, 9, 15, 1, 0, tzinfo=UTC)
FILL = {
    "add": "填写增设专业申请",
    "adjust": "填写专业调整申请",
    "transform": "填写专业改造升级申请",
    "stop": "填写专业停办申请",
}
PANEL = ("expert", "expert2", "expert3")


def id_number(serial: int) -> str:
    return synthetic_id(date(1980, 1, 1), area="210102", order=f"{serial:03d}")


TEACHERS = [
    {"name": "赵强", "id_number": id_number(111), "title": "副高级", "field": "计算机应用",
     "full_time": True, "dual_qualified": True},
    {"name": "钱丽", "id_number": id_number(222), "title": "中级", "field": "软件技术",
     "full_time": True, "dual_qualified": False},
    {"name": "孙伟", "id_number": id_number(333), "title": "初级", "field": "网络技术",
     "full_time": True, "dual_qualified": False},
]  # fmt: skip


def start(caller, status: int = 201, **data) -> dict:
    response = caller.post(f"/api/v1/processes/{KEY}/instances", json={"data": data})
    assert response.status_code == status, response.get_json()
    return response.get_json()


def request_data(caller, kind: str, item_id: int, **changes) -> dict:
    """A complete, valid request of the kind, with its files uploaded for the task."""
    if kind == "add":
        data = {
            "direction": "人工智能应用",
            "years": 3,
            "plan_file": [upload(caller, item_id, "plan_file", "人才培养方案.pdf")],
            "teachers": [dict(teacher) for teacher in TEACHERS],
            "training_area": 860.5,
            "equipment_value": 2400000,
            "partners": [
                {"name": "沈阳新松机器人自动化股份有限公司", "cooperation": "共建实训室、顶岗实习"}
            ],
            "demand_analysis": "沈阳市软件和信息技术服务业从业人员年均增长约百分之八，"
            "本地企业调研显示计算机应用类岗位缺口较大，近三年同类专业毕业生就业率均在百分之九十五以上。",
            "demand_file": [upload(caller, item_id, "demand_file", "需求调研报告.pdf")],
            "first_intake_year": 2027,
            "planned_enrollment": 80,
        }
    elif kind == "adjust":
        data = {"new_direction": "智能制造产线运维", "new_enrollment": 100,
                "reason": "对接本地智能制造产线升级，调整专业方向。"}  # fmt: skip
    elif kind == "transform":
        data = {
            "new_direction": "数字化设计",
            "transform_summary": "将传统机械制造专业的课程改造为数字化设计与制造课程体系，新建虚拟仿真实训室。",
            "transform_plan_file": [upload(caller, item_id, "transform_plan_file", "改造方案.pdf")],
            "first_intake_year": 2027,
            "planned_enrollment": 60,
        }
    else:
        data = {
            "enrolled": [{"grade": "2024级", "students": 38}, {"grade": "2025级", "students": 41}],
            "student_plan": "finish",
            "student_plan_file": [upload(caller, item_id, "student_plan_file", "安置方案.pdf")],
            "last_intake_year": 2025,
            "reason": "该专业连续两年就业率偏低，停止招生。",
        }
    return data | changes


def file_request(caller, kind: str, **changes) -> dict:
    item = only_task(caller, FILL[kind])
    return complete(caller, item["id"], request_data(caller, kind, item["id"], **changes))


def city_review(city, decision: str = "approve", opinion: str = "材料齐全，同意上报。") -> None:
    item = only_task(city, "市教育局初审")
    complete(city, item["id"], {"city_decision": decision, "city_opinion": opinion})


def invite(province, usernames: str = "") -> None:
    item = only_task(province, "邀请评审专家")
    complete(province, item["id"], {"expert_usernames": usernames, "review_note": "按标准评审"})


def score(caller, recommend: bool = True, total: tuple = (26, 21, 22, 17)) -> None:
    item = only_task(caller, "专家评分")
    names = ("score_conditions", "score_plan", "score_demand", "score_partnership")
    data = dict(zip(names, total, strict=True))
    data |= {
        "conflict": False,
        "recommendation": "recommend" if recommend else "not_recommend",
        "comments": "师资和实训条件基本满足，需求分析充分。"
        if recommend
        else "需求论证不足，师资偏弱。",
    }
    complete(caller, item["id"], data)


def decide(province, decision: str = "approve", opinion: str = "同意。") -> None:
    item = only_task(province, "省教育厅审批/备案")
    complete(province, item["id"], {"province_decision": decision, "province_opinion": opinion})


def school_major(app, school_code: str, code: str):
    from webapp.majors.models import SchoolMajor
    from webapp.models import Organisation

    with app.app_context():
        school = db.session.scalar(select(Organisation).where(Organisation.code == school_code))
        major = db.session.scalar(
            select(SchoolMajor).where(SchoolMajor.school_id == school.id, SchoolMajor.code == code)
        )
        return major.snapshot() if major else None


def documents(app, instance_id: int) -> list[tuple[str, str]]:
    from webapp.models import IssuedDocument

    with app.app_context():
        rows = db.session.scalars(
            select(IssuedDocument)
            .where(IssuedDocument.instance_id == instance_id)
            .order_by(IssuedDocument.id)
        )
        return [(row.kind, row.title) for row in rows]


def document_id(app, instance_id: int, kind: str) -> int:
    from webapp.models import IssuedDocument

    with app.app_context():
        return db.session.scalar(
            select(IssuedDocument.id).where(
                IssuedDocument.instance_id == instance_id, IssuedDocument.kind == kind
            )
        )


def to_province(api, kind: str = "add", recommend=(True, True, True), **start_data) -> dict:
    """A request started and filed by the school, passed by the city and scored by the panel;
    returns the case as started. The next step is the province's decision (if the panel passed)."""
    school = api("school")
    case = start(school, kind=kind, **(start_data or {"major_code": "710201"}))
    file_request(school, kind)
    city_review(api("city"))
    invite(api("province"))
    for username, vote in zip(PANEL, recommend, strict=True):
        score(api(username), vote)
    return case
