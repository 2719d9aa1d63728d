"""The internship process's documents: a consent letter per guardian (with the one-time link),
and once the city approves, one 三方协议 per placed student plus the approval decision."""

from __future__ import annotations

from datetime import date

from webapp.clock import Clock
from webapp.local_time import local_date
from webapp.models import IssuedDocument, ProcessInstance
from webapp.processes.internship_approval.models import ConsentRequest
from webapp.processes.internship_approval.rules import needs_consent
from webapp.services.case_documents import issue_for_case


def _day(value: object) -> date | None:
    return date.fromisoformat(value) if isinstance(value, str) and value else None


def _school(instance: ProcessInstance) -> dict:
    name = instance.school.name if instance.school else ""
    return {"name": name, "address": "", "contact": "", "phone": ""}


def _unit(data: dict) -> dict:
    return {
        "name": data.get("unit_name", ""),
        "credit_code": data.get("unit_credit_code", ""),
        "address": data.get("unit_address", ""),
        "contact": data.get("unit_contact", ""),
        "phone": data.get("unit_phone", ""),
    }


def _placement(data: dict) -> dict:
    posts = "、".join(
        p.get("post_name", "") for p in data.get("posts") or [] if isinstance(p, dict)
    )
    return {
        "kind": data.get("kind", ""),
        "post": posts,
        "content": data.get("work_content", "") or posts,
        "location": data.get("unit_address", "") or data.get("unit_name", ""),
        "start": _day(data.get("start_date")),
        "end": _day(data.get("end_date")),
        "work_days": "周一至周五",
        "work_hours": "",
        "daily_hours": data.get("daily_hours", 8),
        "monthly_pay": data.get("pay_per_month", 0),
        "pay_day": 15,
        "school_teacher": data.get("supervising_teacher", ""),
        "unit_mentor": data.get("unit_mentor", ""),
        "insurance": {
            "insurer": data.get("insurer", ""),
            "policy_number": data.get("insurance_policy_no", ""),
            "start": _day(data.get("insurance_start")),
            "end": _day(data.get("insurance_end")),
            "paid_by": data.get("premium_paid_by", ""),
        },
    }


def _issuer(instance: ProcessInstance) -> str:
    return instance.city.name.replace("市", "市教育局", 1) if instance.city else "教育局"


def consent_letter(
    instance: ProcessInstance,
    request: ConsentRequest,
    consent_url: str,
    clock: Clock,
) -> IssuedDocument:
    data = instance.data or {}
    student = (data.get("students") or [{}])[request.student_index]
    context = {
        "school": _school(instance),
        "unit": _unit(data),
        "student_name": request.student_name,
        "student_class": f"{student.get('major', '')} {student.get('grade', '')}年级".strip(),
        "guardian_name": student.get("guardian_name", ""),
        "placement": _placement(data),
        "consent_url": consent_url,
        "reply_by": local_date(request.expires_at),
    }
    school = instance.school.name if instance.school else ""
    return issue_for_case(
        instance,
        "consent_letter",
        f"{school}学生实习监护人知情同意书",
        context,
        clock,
        issuer=school,
        subject=f"{data.get('unit_name', '')} {data.get('start_date', '')} 起实习",
    )


def agreements_and_decision(instance: ProcessInstance, clock: Clock) -> list[IssuedDocument]:
    """One 三方协议 per placed student and the city's approval decision."""
    data = instance.data or {}
    placed = data.get("placed_students") or []
    start = _day(data.get("start_date"))
    school = instance.school.name if instance.school else ""
    issued = []
    for number, student in enumerate(placed, start=1):
        minor = needs_consent(student, data.get("kind", ""), start) if start else False
        context = {
            "school": _school(instance),
            "unit": _unit(data),
            "student": {
                "name": student.get("name", ""),
                "id_number": student.get("id_number", ""),
                "major": student.get("major", ""),
                "class_name": f"{student.get('grade', '')}年级",
                "phone": "",
            },
            "student_is_minor": minor,
            "guardian": {
                "name": student.get("guardian_name", ""),
                "relation": "监护人",
                "phone": student.get("guardian_phone", ""),
            },
            "placement": _placement(data),
        }
        issued.append(
            issue_for_case(
                instance,
                "tripartite_agreement",
                f"{school}学生实习三方协议（第 {number} 份）",
                context,
                clock,
                issuer=school,
                subject=f"{data.get('unit_name', '')} 实习协议",
                doc_number=f"实习协议〔{start.year if start else ''}〕{instance.id}-{number}",
            )
        )
    issued.append(_decision(instance, len(placed), clock))
    return issued


def _decision(instance: ProcessInstance, count: int, clock: Clock) -> IssuedDocument:
    data = instance.data or {}
    school = instance.school.name if instance.school else ""
    issuer = _issuer(instance)
    kind = data.get("kind", "岗位实习")
    consented = sum(
        1
        for r in data.get("consent_results") or []
        if isinstance(r, dict) and r.get("answer") == "agree"
    )
    context = {
        "authority_mark": f"{issuer}文件",
        "title": f"{issuer}关于同意{school}学生{kind}备案的批复",
        "addressee": school,
        "school_name": school,
        "application_date": local_date(instance.created_at),
        "kind": kind,
        "placements": [
            {
                "unit_name": data.get("unit_name", ""),
                "credit_code": data.get("unit_credit_code", ""),
                "posts": [
                    p.get("post_name", "") for p in data.get("posts") or [] if isinstance(p, dict)
                ],
                "location": data.get("unit_address", ""),
                "start": _day(data.get("start_date")),
                "end": _day(data.get("end_date")),
                "student_count": count,
            }
        ],
        "total_students": count,
        "minors_with_consent": consented,
    }
    year = local_date(clock.now()).year
    return issue_for_case(
        instance,
        "approval_decision",
        context["title"],
        context,
        clock,
        issuer=issuer,
        subject=f"{school} {kind}备案",
        doc_number=f"{issuer[:2]}教职成备〔{year}〕{instance.id}号",
    )
