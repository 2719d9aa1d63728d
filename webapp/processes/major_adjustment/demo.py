"""A demo round of requests, one case at each stage, with an invitation waiting for the `expert`
user; and the year's suggestions. The demo starts its cases as the process's own code (the
window may be closed on the day the demo is loaded) and plays each step through the services,
as the pages would."""

from __future__ import annotations

import io
from datetime import date

from flask import current_app

from webapp.cli.demo_cases import demo_user
from webapp.clock import Clock
from webapp.documents.samples import sample_pdf
from webapp.models import ProcessInstance, User
from webapp.services import instances, tasks

from . import suggestions

KEY = "major_adjustment"
TEACHERS = [
    {"name": "赵强", "id_number": "21010219800101111X", "title": "副高级", "field": "计算机应用",
     "full_time": True, "dual_qualified": True},
    {"name": "钱丽", "id_number": "210102198503052229", "title": "中级", "field": "软件技术",
     "full_time": True, "dual_qualified": True},
    {"name": "孙伟", "id_number": "210102199007153332", "title": "初级", "field": "网络技术",
     "full_time": True, "dual_qualified": False},
]  # fmt: skip


def _files(item_id: int, user: User, clock: Clock, forms_dir: str, **names: str) -> dict:
    upload_dir = current_app.config["UPLOAD_DIR"]
    found = {}
    for field, filename in names.items():
        sample = io.BytesIO(sample_pdf(filename.removesuffix(".pdf")))
        stored = tasks.upload(item_id, user, field, sample, filename, clock, forms_dir, upload_dir)
        found[field] = [{"attachment_id": stored.id, "filename": stored.filename}]
    return found


# What each demo school writes about the major it asks to add: direction, teachers' field,
# partner and the demand it found.
ABOUT = {
    "710201": ("人工智能应用", "计算机应用", "沈阳新松机器人自动化股份有限公司",
               "沈阳市软件和信息技术服务业从业人员持续增长，本地企业调研显示计算机应用类岗位缺口较大"),
    "770101": ("托育服务", "学前教育", "大连市金州区爱心托育中心",
               "大连市托育机构数量三年翻番，持证保育人员缺口较大，家政与托育企业用人需求稳定"),
}  # fmt: skip


def _add_request(
    item_id: int, user: User, clock: Clock, forms_dir: str, year: int, code: str
) -> dict:
    direction, field, partner, demand = ABOUT[code]
    files = _files(
        item_id,
        user,
        clock,
        forms_dir,
        plan_file="人才培养方案.pdf",
        demand_file="需求调研报告.pdf",
    )
    return files | {
        "direction": "人工智能应用",
        "years": 3,
        "teachers": TEACHERS,
        "training_area": 860,
        "equipment_value": 2_400_000,
        "partners": [
            {"name": "沈阳新松机器人自动化股份有限公司", "cooperation": "共建实训室、顶岗实习"}
        ],
        "demand_analysis": "沈阳市软件和信息技术服务业从业人员持续增长，本地企业调研显示计算机应用类"
        "岗位缺口较大，近三年同类专业毕业生就业率均在百分之九十五以上，开设本专业有稳定的人才需求。",
        "first_intake_year": year + 1,
        "planned_enrollment": 80,
    }


def _open_item(case: ProcessInstance, spec_id: str, candidate: User | None = None):
    return next(
        item
        for item in instances.open_items(case)
        if item.spec_id == spec_id and (candidate is None or item.candidate_user_id == candidate.id)
    )


def _complete(case, spec_id, user, data, clock, forms_dir, candidate=None) -> None:
    tasks.complete(_open_item(case, spec_id, candidate).id, user, data, clock, forms_dir)


def _filed_add(user: User, code: str, clock: Clock, forms_dir: str, year: int) -> ProcessInstance:
    case = instances.start(KEY, user, clock, process_data={"kind": "add", "major_code": code})
    item = _open_item(case, "fill_add")
    data = _add_request(item.id, user, clock, forms_dir, year, code)
    tasks.complete(item.id, user, data, clock, forms_dir)
    return case


def _score(case, expert: User, clock, forms_dir, recommend: bool = True) -> None:
    data = {
        "conflict": False,
        "score_conditions": 26,
        "score_plan": 21,
        "score_demand": 23,
        "score_partnership": 16,
        "recommendation": "recommend" if recommend else "not_recommend",
        "comments": "师资和实训条件满足开设要求，人才需求论证较充分，建议加强校企合作。",
    }
    _complete(case, "expert_review", expert, data, clock, forms_dir, candidate=expert)


def load(today: date, clock: Clock, forms_dir: str) -> int:
    """School 1: 计算机应用 (增) with the experts (expert has an invitation waiting), 数控技术应用
    (调) waiting for the city, 机械制造技术 → 增材制造技术应用 (转) being filled in; school 2:
    印刷媒体技术 (停) awaiting the province's filing, 幼儿保育 (增) approved and published."""
    school, school2 = demo_user("school"), demo_user("school2")
    city, city2, province = demo_user("city"), demo_user("city2"), demo_user("province")
    experts = [demo_user(name) for name in ("expert", "expert2", "expert3", "expert4")]
    year = today.year
    approve_city = {"city_decision": "approve", "city_opinion": "材料齐全，同意上报。"}
    invite = {"expert_usernames": "expert", "review_note": "请于期限内完成评审。"}

    with_experts = _filed_add(school, "710201", clock, forms_dir, year)
    _complete(with_experts, "city_review", city, approve_city, clock, forms_dir)
    _complete(with_experts, "invite_experts", province, invite, clock, forms_dir)
    _score(with_experts, experts[1], clock, forms_dir)

    adjusting = instances.start(
        KEY, school, clock, process_data={"kind": "adjust", "major_code": "660103"}
    )
    adjust = {"new_direction": "智能制造产线运维", "new_enrollment": 100,
              "reason": "对接本地智能制造产线升级，调整专业方向和招生规模。"}  # fmt: skip
    _complete(adjusting, "fill_adjust", school, adjust, clock, forms_dir)

    instances.start(
        KEY,
        school,
        clock,
        process_data={"kind": "transform", "major_code": "660101", "target_code": "660107"},
    )

    stopping = instances.start(
        KEY, school2, clock, process_data={"kind": "stop", "major_code": "680301"}
    )
    item = _open_item(stopping, "fill_stop")
    stop = _files(item.id, school2, clock, forms_dir, student_plan_file="在校生安置方案.pdf") | {
        "enrolled": [{"grade": f"{year - 1}级", "students": 12}],
        "student_plan": "finish",
        "last_intake_year": year - 2,
        "reason": "该专业连续两年就业率低于百分之六十，近两年无新生报到，申请停办。",
    }
    tasks.complete(item.id, school2, stop, clock, forms_dir)
    _complete(stopping, "city_review", city2, approve_city, clock, forms_dir)
    _complete(stopping, "invite_experts", province, {"expert_usernames": ""}, clock, forms_dir)
    for expert in experts:
        if any(i.candidate_user_id == expert.id for i in instances.open_items(stopping)):
            _score(stopping, expert, clock, forms_dir)

    approved = _filed_add(school2, "770101", clock, forms_dir, year)
    _complete(approved, "city_review", city2, approve_city, clock, forms_dir)
    _complete(approved, "invite_experts", province, {"expert_usernames": ""}, clock, forms_dir)
    for expert in experts:
        if any(i.candidate_user_id == expert.id for i in instances.open_items(approved)):
            _score(approved, expert, clock, forms_dir)
    decision = {"province_decision": "approve", "province_opinion": "同意备案。"}
    _complete(approved, "province_decision", province, decision, clock, forms_dir)

    return 5 + suggestions.raise_for_year(year, clock)
