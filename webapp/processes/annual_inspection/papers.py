"""The annual inspection's documents: certificate, rectification notice, sanction decisions and
the decision lifting them. Each is issued once; the case's issued documents are the ledger of
what has been done."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import func, select

from webapp.clock import Clock
from webapp.extensions import db
from webapp.local_time import local_date
from webapp.models import IssuedDocument, ProcessInstance
from webapp.processes.annual_inspection.rules import rung_label
from webapp.services.case_documents import issue_for_case
from webapp.settings_store import service as settings

ISSUER = "辽宁省教育厅"
MEASURES = {
    "enrollment_cut": "缩减招生计划",
    "registration_suspended": "暂停新生学籍注册",
    "enrollment_stopped": "停止招生",
}


def contact() -> dict[str, str]:
    """Who the province's documents name for questions (settings); {} when no phone is set, so
    a document never prints an empty 联系人 or 电话."""
    phone = str(settings.get("inspection.contact_phone") or "").strip()
    if not phone:
        return {}
    return {
        "department": str(settings.get("inspection.contact_department") or ISSUER).strip(),
        "name": str(settings.get("inspection.contact_person") or "").strip(),
        "phone": phone,
    }


def _day(text: object) -> date | None:
    return local_date(datetime.fromisoformat(text)) if isinstance(text, str) and text else None


def _count(instance: ProcessInstance, kind: str) -> int:
    return (
        db.session.scalar(
            select(func.count())
            .select_from(IssuedDocument)
            .where(IssuedDocument.instance_id == instance.id, IssuedDocument.kind == kind)
        )
        or 0
    )


def _first(instance: ProcessInstance, kind: str) -> IssuedDocument | None:
    found = _issued(instance, kind)
    return found[0] if found else None


def _issued(instance: ProcessInstance, kind: str) -> list[IssuedDocument]:
    return list(
        db.session.scalars(
            select(IssuedDocument)
            .where(IssuedDocument.instance_id == instance.id, IssuedDocument.kind == kind)
            .order_by(IssuedDocument.id)
        )
    )


def _issue(
    instance: ProcessInstance, kind: str, title: str, context: dict, clock: Clock, number: str
) -> IssuedDocument:
    subject = f"{instance.school.name} {instance.data.get('inspection_year', '')}年度办学资质年检"
    return issue_for_case(
        instance, kind, title, context, clock, issuer=ISSUER, subject=subject, doc_number=number
    )


def _number(instance: ProcessInstance, prefix: str, clock: Clock) -> str:
    return f"辽教{prefix}〔{local_date(clock.now()).year}〕{instance.id}号"


def certificate_once(instance: ProcessInstance, clock: Clock) -> IssuedDocument | None:
    if _count(instance, "inspection_certificate"):
        return None
    school, year = instance.school, instance.data.get("inspection_year")
    context = {"school_name": school.name, "school_code": school.code, "year": year}
    return _issue(
        instance,
        "inspection_certificate",
        f"{school.name}{year}年度办学资质年检合格证明",
        context,
        clock,
        _number(instance, "年检", clock),
    )


def notice_once(instance: ProcessInstance, clock: Clock) -> IssuedDocument | None:
    if _count(instance, "rectification_notice"):
        return None
    data, school = instance.data, instance.school
    year = data.get("inspection_year")
    title = f"关于对{school.name}{year}年度办学资质年检整改的通知"
    context = {
        "title": title,
        "school_name": school.name,
        "year": year,
        "grade": data.get("grade") if data.get("grade") in ("基本合格", "不合格") else "不合格",
        "indicators": [
            {
                "label": i.get("label", ""),
                "required": i.get("required", ""),
                "actual": i.get("actual", ""),
                "gap": i.get("gap", "—"),
            }
            for i in data.get("failed_indicators") or []
        ]
        or [{"label": "严重违规行为", "required": "无", "actual": "有", "gap": "—"}],
        "deadline": _day(data.get("rectification_deadline")),
        "enrollment_cut_percent": data.get("enrollment_cut_percent", 20),
        "contact": contact(),
        "copy_to": [instance.city.name.replace("市", "市教育局", 1)] if instance.city else [],
    }
    return _issue(
        instance,
        "rectification_notice",
        title,
        context,
        clock,
        _number(instance, "职成整改", clock),
    )


def missing_sanctions(instance: ProcessInstance) -> list[dict]:
    """Sanctions the case has decided that have no decision document yet (oldest first)."""
    decided = instance.data.get("sanctions") or []
    return decided[_count(instance, "sanction_decision") - _revocations(instance) :]


def _revocations(instance: ProcessInstance) -> int:
    return (
        1
        if instance.data.get("result") == "取缔招生资格" and _count(instance, "sanction_decision")
        else 0
    )


def sanction_decision(instance: ProcessInstance, sanction: dict, clock: Clock) -> IssuedDocument:
    data, school = instance.data, instance.school
    measure = MEASURES[sanction["rung"]]
    notice = _first(instance, "rectification_notice")
    index = (data.get("sanctions") or []).index(sanction)
    prior = _decided(instance)[:index]
    year = data.get("inspection_year")
    context = {
        "title": f"关于对{school.name}{measure}的决定",
        "school_name": school.name,
        "sanction": measure,
        "year": year,
        "grade": data.get("grade") if data.get("grade") in ("基本合格", "不合格") else "不合格",
        "notice_number": notice.doc_number if notice else "",
        "notice_date": local_date(notice.issued_at) if notice else None,
        "deadline": _day(sanction.get("deadline_missed")),
        "prior_sanctions": prior,
        "cut_percent": sanction.get("cut_percent") or data.get("enrollment_cut_percent", 20),
        "enrollment_year": (year or clock.now().year) + 1,
        "next_deadline": _day(data.get("rectification_deadline")),
    }
    return _issue(
        instance,
        "sanction_decision",
        context["title"],
        context,
        clock,
        sanction.get("document_no") or _number(instance, "职成处", clock),
    )


def revocation_decision(instance: ProcessInstance, clock: Clock) -> IssuedDocument:
    data, school = instance.data, instance.school
    grounds = (
        "不具备中等职业学历教育办学资质"
        if data.get("no_academic_qualification")
        else "未经审批设立中职异地分校、办学点"
    )
    context = {
        "title": f"关于取缔{school.name}招生资格的决定",
        "school_name": school.name,
        "sanction": "取缔招生资格",
        "year": data.get("inspection_year"),
        "grounds": grounds,
        "findings": f"你校{grounds}",
    }
    return _issue(
        instance,
        "sanction_decision",
        context["title"],
        context,
        clock,
        _number(instance, "职成处", clock),
    )


def _decided(instance: ProcessInstance) -> list[dict]:
    """The case's sanctions as decisions list them: measure, 文号, the day its decision was
    issued, and the rectification deadline the school had missed."""
    issued = _issued(instance, "sanction_decision")
    return [
        {
            "measure": rung_label(s["rung"], s.get("cut_percent")),
            "doc_number": s.get("document_no", ""),
            "decided_on": local_date(issued[i].issued_at) if i < len(issued) else None,
            "deadline": _day(s.get("deadline_missed")),
        }
        for i, s in enumerate(instance.data.get("sanctions") or [])
    ]


def lift_once(instance: ProcessInstance, clock: Clock) -> IssuedDocument | None:
    """The 解除处理决定 of a case whose sanctioned school has rectified, issued once."""
    if _count(instance, "sanction_lift"):
        return None
    data, school = instance.data, instance.school
    lifted = data.get("sanction_lifted") or {}
    notice = _first(instance, "rectification_notice")
    rungs = {s["rung"] for s in data.get("sanctions") or []}
    context = {
        "title": f"关于解除对{school.name}{data.get('inspection_year', '')}年度办学资质年检处理的决定",
        "school_name": school.name,
        "year": data.get("inspection_year"),
        "grade": data.get("grade_before_rectification") or "不合格",
        "notice_number": notice.doc_number if notice else "",
        "decisions": _decided(instance),
        "accepted_on": local_date(clock.now()),
        "registration_restored": bool(rungs & {"registration_suspended", "enrollment_stopped"}),
        "enrollment_restored": bool(rungs & {"enrollment_cut", "enrollment_stopped"}),
        "contact": contact(),
        "copy_to": [instance.city.name.replace("市", "市教育局", 1)] if instance.city else [],
    }
    return _issue(
        instance,
        "sanction_lift",
        context["title"],
        context,
        clock,
        lifted.get("document_no") or _number(instance, "职成处", clock),
    )
