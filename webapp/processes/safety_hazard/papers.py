"""安全隐患排查整治's official documents: the 整改通知书 issued when the inspection is recorded,
and the closing 整改验收意见 once every hazard is closed. Each is issued once per case, by the
office that inspected (the school's city 教育局, or the province's 教育厅)."""

from __future__ import annotations

from sqlalchemy import func, select

from webapp.clock import Clock
from webapp.extensions import db
from webapp.form_values import form_day
from webapp.local_time import local_date
from webapp.models import IssuedDocument, ProcessInstance
from webapp.services.case_documents import issue_for_case

from . import hazards as case_hazards
from .rules import CATEGORIES, LEVELS, OFFICES

PROVINCE_ISSUER = "辽宁省教育厅"


def issuer(instance: ProcessInstance) -> str:
    """The inspecting office's name: 沈阳市教育局, or the province's."""
    if (instance.data or {}).get("inspector_lane") == "city" and instance.city:
        return f"{instance.city.name}教育局"
    return PROVINCE_ISSUER


def _issued(instance: ProcessInstance, kind: str) -> bool:
    count = db.session.scalar(
        select(func.count())
        .select_from(IssuedDocument)
        .where(IssuedDocument.instance_id == instance.id, IssuedDocument.kind == kind)
    )
    return bool(count)


def _rows(instance: ProcessInstance) -> list[dict]:
    states = case_hazards.progress(instance)
    return [
        {
            "number": h.number,
            "category": CATEGORIES.get(h.category, h.category),
            "level": LEVELS.get(h.level, h.level),
            "location": h.location,
            "description": h.description,
            "deadline": local_date(h.deadline),
            "status": states[h.number].status if h.number in states else "",
            "closed_on": local_date(states[h.number].closed_at)
            if h.number in states and states[h.number].closed_at
            else None,
        }
        for h in case_hazards.of_case(instance)
    ]


def _context(instance: ProcessInstance, title: str) -> dict:
    data = instance.data or {}
    return {
        "title": title,
        "school_name": instance.school.name,
        "office": OFFICES.get(str(data.get("inspecting_office")), "教育行政部门"),
        "inspected_on": form_day(data.get("inspected_on")),
        "inspectors": data.get("inspectors", ""),
        "hazards": _rows(instance),
    }


def _issue(instance: ProcessInstance, kind: str, title: str, context: dict, clock: Clock):
    office = issuer(instance)
    number = f"{office[:2]}教安〔{local_date(clock.now()).year}〕{instance.id}号"
    subject = f"{instance.school.name} 安全隐患排查整治（{instance.business_key}）"
    return issue_for_case(
        instance, kind, title, context, clock, issuer=office, subject=subject, doc_number=number
    )


def notice_once(instance: ProcessInstance, clock: Clock) -> IssuedDocument | None:
    """整改通知书: the hazards, their levels and deadlines, as soon as they are recorded."""
    if _issued(instance, "hazard_rectification_notice") or not case_hazards.of_case(instance):
        return None
    title = f"关于{instance.school.name}安全隐患整改的通知"
    context = _context(instance, title)
    return _issue(instance, "hazard_rectification_notice", title, context, clock)


def acceptance_once(instance: ProcessInstance, clock: Clock) -> IssuedDocument | None:
    """整改验收意见: each hazard's outcome and the inspector's closing opinion."""
    opinion = (instance.data or {}).get("acceptance_opinion")
    if not opinion or _issued(instance, "hazard_acceptance_opinion"):
        return None
    title = f"关于{instance.school.name}安全隐患整改情况的验收意见"
    context = {**_context(instance, title), "opinion": str(opinion)}
    return _issue(instance, "hazard_acceptance_opinion", title, context, clock)
