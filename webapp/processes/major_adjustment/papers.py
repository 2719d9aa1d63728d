"""专业动态调整's documents, each issued once per occasion: the 专业设置申报表 for every
submission (as filed), the 专家评审意见汇总 when the panel closes, and the province's 批复 (a
国家控制布点 major) or 备案通知 (any other) once approved. The case's issued documents are the
ledger of what has been issued."""

from __future__ import annotations

from sqlalchemy import func, select

from webapp.clock import Clock
from webapp.documents import issue
from webapp.extensions import db
from webapp.local_time import local_date
from webapp.models import Event, IssuedDocument, ProcessInstance, WorkItem
from webapp.services.case_documents import issue_for_case, site

from .rules import KINDS

ISSUER = "辽宁省教育厅"
CONTACT = "辽宁省教育厅职业教育与成人教育处"
FILL_TASKS = ("fill_add", "fill_adjust", "fill_transform", "fill_stop")
PLANS = {
    "finish": "在校生学完原专业后停办",
    "transfer": "在校生转入本校其他专业",
    "both": "部分学完、部分转专业",
    "none": "无在校生",
}


# Optional fields a request may leave out (a form drops an empty field): the documents read
# them as empty, never as missing (templates render with StrictUndefined).
OPTIONAL = {
    "direction": "",
    "new_direction": "",
    "new_enrollment": None,
    "partners": [],
    "enrolled": [],
    "teachers": [],
    "target_code": "",
    "target_name": "",
    "catalogue_version": "",
    "province_opinion": "",
    "reason": "",
    "transform_summary": "",
    "demand_analysis": "",
}


def case_data(instance: ProcessInstance) -> dict:
    return OPTIONAL | (instance.data or {})


def _count(instance: ProcessInstance, kind: str) -> int:
    query = select(func.count()).select_from(IssuedDocument)
    query = query.where(IssuedDocument.instance_id == instance.id, IssuedDocument.kind == kind)
    return db.session.scalar(query) or 0


def _subject(instance: ProcessInstance) -> str:
    data = instance.data
    return (
        f"{instance.school.name} {data.get('year', '')}年专业设置（{data.get('kind_label', '')}）"
    )


def masked(id_number: object) -> str:
    text = str(id_number or "")
    return f"{text[:4]}{'*' * 10}{text[-4:]}" if len(text) == 18 else "—"


def _submissions(instance: ProcessInstance) -> int:
    query = select(func.count()).select_from(WorkItem)
    query = query.where(
        WorkItem.instance_id == instance.id,
        WorkItem.spec_id.in_(FILL_TASKS),
        WorkItem.status == "completed",
    )
    return db.session.scalar(query) or 0


def application_context(instance: ProcessInstance) -> dict:
    data = case_data(instance)
    teachers = [
        {
            "full_time": False,
            "dual_qualified": False,
            **row,
            "id_masked": masked(row.get("id_number")),
        }
        for row in data["teachers"]
    ]
    return {
        "school_name": instance.school.name,
        "school_code": instance.school.code,
        "city_name": instance.school.parent.name if instance.school.parent else "",
        "data": data,
        "kind_label": KINDS.get(data.get("kind"), ""),
        "teachers": teachers,
        "plan_label": PLANS.get(data.get("student_plan"), ""),
        "enrolled_total": sum(int(r.get("students") or 0) for r in data.get("enrolled") or []),
        "files": _file_names(data),
    }


def _file_names(data: dict) -> list[tuple[str, str]]:
    labels = {
        "plan_file": "人才培养方案",
        "demand_file": "人才需求调研报告",
        "transform_plan_file": "改造方案",
        "student_plan_file": "在校生安置方案",
        "evidence": "佐证材料",
    }
    found = []
    for key, label in labels.items():
        for entry in data.get(key) or []:
            if isinstance(entry, dict) and entry.get("filename"):
                found.append((label, entry["filename"]))
    return found


def application_once(instance: ProcessInstance, clock: Clock) -> IssuedDocument | None:
    """One 申报表 per submission: the n-th submission issues the n-th form."""
    submissions = _submissions(instance)
    issued = _count(instance, "major_application")
    if submissions <= issued:
        return None
    context = application_context(instance) | {"submission": submissions}
    title = f"{instance.school.name}专业设置申报表（{context['kind_label']}）"
    if submissions > 1:
        title += f"（第 {submissions} 次报送）"
    return issue_for_case(
        instance,
        "major_application",
        title,
        context,
        clock,
        issuer=instance.school.name,
        subject=_subject(instance),
    )


def _reviews(instance: ProcessInstance) -> list[dict]:
    """Each expert's completed review, in the order they were asked; conflicts included."""
    items = db.session.scalars(
        select(WorkItem)
        .where(
            WorkItem.instance_id == instance.id,
            WorkItem.spec_id == "expert_review",
            WorkItem.status == "completed",
        )
        .order_by(WorkItem.id)
    ).all()
    events = {
        event.subject: (event.after or {}).get("data") or {}
        for event in db.session.scalars(
            select(Event).where(
                Event.action == "task_completed",
                Event.subject.in_([f"work_item:{item.id}" for item in items]),
            )
        )
    }
    rows = []
    for item in items:
        data = events.get(f"work_item:{item.id}", {})
        scores = [
            data.get(key)
            for key in ("score_conditions", "score_plan", "score_demand", "score_partnership")
        ]
        rows.append(
            {
                "conflict": bool(data.get("conflict")),
                "conflict_reason": data.get("conflict_reason", ""),
                "scores": scores,
                "total": sum(int(s or 0) for s in scores),
                "recommend": data.get("recommendation") == "recommend",
                "comments": data.get("comments", ""),
            }
        )
    return rows


def score_summary_once(instance: ProcessInstance, clock: Clock) -> IssuedDocument | None:
    """Issued once, when the panel's outcome is known (a case has one panel: returns after it go
    back to the province, not to the experts)."""
    if _count(instance, "major_expert_summary"):
        return None
    reviews = _reviews(instance)
    scored = [row for row in reviews if not row["conflict"]]
    context = {
        "school_name": instance.school.name,
        "data": case_data(instance),
        "kind_label": KINDS.get(instance.data.get("kind"), ""),
        "reviews": scored,
        "withdrawn": len(reviews) - len(scored),
        "outcome": instance.data.get("expert_outcome") or {},
    }
    return issue_for_case(
        instance,
        "major_expert_summary",
        f"{instance.school.name}专业设置专家评审意见汇总表",
        context,
        clock,
        issuer=ISSUER,
        subject=_subject(instance),
    )


def decision_once(instance: ProcessInstance, clock: Clock) -> IssuedDocument | None:
    if _count(instance, "major_decision"):
        return None
    data = case_data(instance)
    approval = data.get("approval", "备案")
    today = local_date(clock.now())
    context = {
        "school_name": instance.school.name,
        "city_name": instance.school.parent.name if instance.school.parent else "",
        "data": data,
        "kind_label": KINDS.get(data.get("kind"), ""),
        "approval": approval,
        "contact": CONTACT,
        "issued_on": today,
    }
    label = "批复" if approval == "审批" else "备案通知"
    number = f"辽教职成{'审' if approval == '审批' else '备'}〔{today.year}〕{instance.id}号"
    title = f"关于{instance.school.name}专业设置（{context['kind_label']}）的{label}"
    return issue_for_case(
        instance,
        "major_decision",
        title,
        context,
        clock,
        issuer=ISSUER,
        subject=_subject(instance),
        doc_number=number,
    )


YEARLY_KIND = "major_yearly_notice"


def yearly_subject(year: int) -> str:
    return f"{year}年中等职业学校专业设置结果"


def latest_yearly_notice(year: int) -> IssuedDocument | None:
    return db.session.scalar(
        select(IssuedDocument)
        .where(
            IssuedDocument.kind == YEARLY_KIND,
            IssuedDocument.subject == yearly_subject(year),
            IssuedDocument.revoked_at.is_(None),
        )
        .order_by(IssuedDocument.id.desc())
        .limit(1)
    )


def yearly_notice(year: int, sections: list, actor, clock: Clock) -> IssuedDocument:
    """The province's notice publishing the year's approved changes (the 公示 list as a
    document). Issued again when the list has grown; each issue is its own numbered document."""
    earlier = db.session.scalar(
        select(func.count())
        .select_from(IssuedDocument)
        .where(IssuedDocument.kind == YEARLY_KIND, IssuedDocument.subject == yearly_subject(year))
    )
    upload_dir, base_url = site()
    number = f"辽教职成〔{year}〕专{(earlier or 0) + 1}号"
    total = sum(len(changes) for _label, changes in sections)
    return issue(
        YEARLY_KIND,
        f"关于公布{year}年中等职业学校专业设置结果的通知",
        "major_adjustment/documents/yearly_notice.html",
        {"year": year, "sections": sections, "total": total, "contact": CONTACT},
        instance_id=None,
        school_id=None,
        issuer=ISSUER,
        subject=yearly_subject(year),
        clock=clock,
        upload_dir=upload_dir,
        base_url=base_url,
        doc_number=number,
        actor=actor,
    )
