"""The internship process's documents: a consent letter per guardian (with the one-time link),
and once the city files the case, its 备案回执 plus one 三方协议 per placed student in 岗位实习
(认识实习 needs no agreement)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import func, select

from webapp.clock import Clock
from webapp.extensions import db
from webapp.local_time import local_date, local_zone
from webapp.models import IssuedDocument, ProcessInstance
from webapp.processes.internship_approval import settings as internship_settings
from webapp.processes.internship_approval.models import ConsentRequest
from webapp.processes.internship_approval.rules import needs_consent
from webapp.processes.internship_approval.rules.application import is_placement
from webapp.processes.internship_approval.rules.students import is_minor
from webapp.services.case_documents import issue_for_case
from webapp.settings_store import service as settings_store

FILING = "approval_decision"  # the 备案回执's document kind (its key predates the name)


def _day(value: object) -> date | None:
    return date.fromisoformat(value) if isinstance(value, str) and value else None


def _text(value: object) -> str:
    return str(value).strip() if value not in (None, "") else ""


def _school(instance: ProcessInstance) -> dict:
    """甲方: the name, and the address and contact the province's setting gives for the school;
    with none set, the supervising teacher is the contact. Missing parts are "" (omitted)."""
    name = instance.school.name if instance.school else ""
    found = internship_settings.school_contact(
        settings_store.get("internship.school_contacts"), name
    )
    contact = found["contact"] or _text((instance.data or {}).get("supervising_teacher"))
    return {"name": name, "address": found["address"], "contact": contact, "phone": found["phone"]}


def _unit(data: dict) -> dict:
    return {
        "name": _text(data.get("unit_name")),
        "credit_code": _text(data.get("unit_credit_code")),
        "address": _text(data.get("unit_address")),
        "contact": _text(data.get("unit_contact")),
        "phone": _text(data.get("unit_phone")),
    }


def _placement(data: dict) -> dict:
    posts = "、".join(
        _text(p.get("post_name")) for p in data.get("posts") or [] if isinstance(p, dict)
    )
    return {
        "kind": data.get("kind", ""),
        "post": posts,
        "content": _text(data.get("work_content")) or posts,
        "location": _text(data.get("unit_address")) or _text(data.get("unit_name")),
        "start": _day(data.get("start_date")),
        "end": _day(data.get("end_date")),
        "work_days": _text(data.get("work_days")),
        "work_hours": _text(data.get("work_hours")),
        "daily_hours": data.get("daily_hours", 8),
        "monthly_pay": data.get("pay_per_month", ""),
        "pay_cycle": _text(data.get("pay_cycle")) or "每月",
        "pay_day": data.get("pay_day") or None,
        "pay_floor_percent": settings_store.get("internship.min_pay_ratio"),
        "school_teacher": _text(data.get("supervising_teacher")),
        "unit_mentor": _text(data.get("unit_mentor")),
        "insurance": {
            "insurer": _text(data.get("insurer")),
            "policy_number": _text(data.get("insurance_policy_no")),
            "start": _day(data.get("insurance_start")),
            "end": _day(data.get("insurance_end")),
            "paid_by": _text(data.get("premium_paid_by")),
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
        "student_is_minor": is_minor(student, data.get("start_date")),
        "guardian_name": _text(student.get("guardian_name")),
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


def _agreement(instance: ProcessInstance, student: dict) -> dict:
    data = instance.data or {}
    start = _day(data.get("start_date"))
    minor = needs_consent(student, data.get("kind", ""), start) if start else False
    return {
        "school": _school(instance),
        "unit": _unit(data),
        "student": {
            "name": _text(student.get("name")),
            "id_number": _text(student.get("id_number")),
            "major": _text(student.get("major")),
            "class_name": f"{student.get('grade', '')}年级" if student.get("grade") else "",
            "phone": _text(student.get("phone")),
        },
        "student_is_minor": minor,
        "guardian": {
            "name": _text(student.get("guardian_name")),
            "relation": _text(student.get("guardian_relation")) or "监护人",
            "phone": _text(student.get("guardian_phone")),
        },
        "placement": _placement(data),
    }


def agreements_and_decision(instance: ProcessInstance, clock: Clock) -> list[IssuedDocument]:
    """One 三方协议 per placed student in 岗位实习, and the city's 备案回执."""
    data = instance.data or {}
    placed = data.get("placed_students") or []
    start = _day(data.get("start_date"))
    school = instance.school.name if instance.school else ""
    issued = []
    if is_placement(data.get("kind")):
        for number, student in enumerate(placed, start=1):
            issued.append(
                issue_for_case(
                    instance,
                    "tripartite_agreement",
                    f"{school}学生实习三方协议（第 {number} 份）",
                    _agreement(instance, student),
                    clock,
                    issuer=school,
                    subject=f"{data.get('unit_name', '')} 实习协议",
                    doc_number=f"实习协议〔{start.year if start else ''}〕{instance.id}-{number}",
                )
            )
    issued.append(_filing_receipt(instance, placed, clock))
    return issued


def filing_number(issuer: str, city: str, clock: Clock) -> str:
    """The 备案回执's 文号 from the province's pattern for the city (internship.filing_number_*),
    numbered in the order the issuing authority files cases this year."""
    year = local_date(clock.now()).year
    since = datetime(year, 1, 1, tzinfo=local_zone())
    earlier = db.session.scalar(
        select(func.count())
        .select_from(IssuedDocument)
        .where(
            IssuedDocument.kind == FILING,
            IssuedDocument.issuer == issuer,
            IssuedDocument.issued_at >= since,
        )
    )
    return internship_settings.filing_number(
        internship_settings.city_patterns(
            settings_store.get("internship.filing_number_patterns_by_city")
        ),
        settings_store.get("internship.filing_number_pattern"),
        city,
        year,
        (earlier or 0) + 1,
    )


def _filing_receipt(instance: ProcessInstance, placed: list, clock: Clock) -> IssuedDocument:
    data = instance.data or {}
    count = len(placed)
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
        "title": f"{issuer}关于{school}学生{kind}的备案回执",
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
        "minors_with_consent": sum(1 for s in placed if is_minor(s, data.get("start_date"))),
        "with_consent": consented,
    }
    city = instance.city.name if instance.city else ""
    return issue_for_case(
        instance,
        FILING,
        context["title"],
        context,
        clock,
        issuer=issuer,
        subject=f"{school} {kind}备案",
        doc_number=filing_number(issuer, city, clock),
    )
