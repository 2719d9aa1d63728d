"""The annual inspection's hooks: the settings each case starts with (and the school's offered
majors, which the diagram lists as self-assessment rows), the reference data the form rules
read, and reconciling documents and the school's standing (with its history) after every step:
certificate, notice, sanctions and their lifting."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from webapp import audit
from webapp.clock import Clock
from webapp.extensions import db
from webapp.majors.models import SchoolMajor
from webapp.models import Organisation, ProcessInstance
from webapp.processes.annual_inspection import papers as inspection_papers
from webapp.processes.annual_inspection import supervision
from webapp.processes.annual_inspection.rules import THRESHOLD_KEYS
from webapp.processes.annual_inspection.rules.sanctions import NORMAL
from webapp.settings_store import service as settings


def offered_majors(school: Organisation | None) -> list[dict[str, str]]:
    """The majors the school runs (在招 or 停招: either still has students), by code."""
    if school is None:
        return []
    query = (
        select(SchoolMajor.code, SchoolMajor.name)
        .where(SchoolMajor.school_id == school.id, SchoolMajor.status != "withdrawn")
        .order_by(SchoolMajor.code)
    )
    return [{"code": code, "name": name} for code, name in db.session.execute(query)]


def rule_context(_today: date, school: Organisation | None, _instance) -> dict:
    return {"offered_majors": offered_majors(school)}


def case_settings(_given: dict, school: Organisation | None) -> dict:
    days = [int(d) for d in str(settings.get("inspection.reminder_days")).split(",") if d.strip()]
    return {
        # the diagram's first script turns these into the self-assessment's rows (a form field)
        "offered_majors": offered_majors(school),
        "inspection_thresholds": {key: settings.get(key) for key in THRESHOLD_KEYS},
        "rectification_days": settings.get("inspection.rectification_days"),
        "sanction_interval_days": settings.get("inspection.sanction_interval_days"),
        "enrollment_cut_percent": settings.get("inspection.enrollment_cut_percent"),
        "reminder_offsets": ",".join(f"P{d}D" for d in days),
        "sanctions": [],
    }


def case_title(data: dict, school: Organisation | None) -> str | None:
    """2026年度办学资质年检－沈阳市装备制造工程学校"""
    year = data.get("inspection_year")
    if not year:
        return None
    return f"{year}年度办学资质年检" + (f"－{school.name}" if school else "")


def reconcile(instance: ProcessInstance, clock: Clock) -> None:
    """Issue what the case's data says is due and keep the school's standing in step."""
    data = instance.data or {}
    school = instance.school
    year = data.get("inspection_year", "")
    for sanction in inspection_papers.missing_sanctions(instance):
        basis = f"{year}年度办学资质年检拒不整改，{sanction.get('document_no', '')}"
        cut = sanction.get("cut_percent") if sanction["rung"] == "enrollment_cut" else None
        _set_standing(instance, sanction["rung"], basis, clock, cut=cut)
        inspection_papers.sanction_decision(instance, sanction, clock)
    if data.get("result") == "取缔招生资格" and school.standing != "enrollment_revoked":
        basis = f"{year}年度办学资质年检：{data.get('grade_reason', '')}"
        _set_standing(instance, "enrollment_revoked", basis, clock)
        inspection_papers.revocation_decision(instance, clock)
    if data.get("result") in ("合格", "整改后合格"):
        inspection_papers.certificate_once(instance, clock)
    if data.get("rectification_deadline") and data.get("result") == "整改中":
        inspection_papers.notice_once(instance, clock)
    if data.get("sanction_lifted"):
        _lift(instance, data["sanction_lifted"], clock)
    supervision.publish_results(instance, clock)


def _lift(instance: ProcessInstance, lifted: dict, clock: Clock) -> None:
    """Back to 正常 once the province lifts this case's sanctions, unless the school's standing
    has since come from elsewhere (a later case): that one is not this decision's to lift."""
    document = inspection_papers.lift_once(instance, clock)
    if document is None:
        return
    if instance.school.standing == lifted.get("lifted_standing"):
        year = (instance.data or {}).get("inspection_year", "")
        basis = f"{year}年度办学资质年检整改验收合格，解除处理，{document.doc_number}"
        _set_standing(instance, NORMAL, basis, clock)


def _set_standing(
    instance: ProcessInstance, standing: str, basis: str, clock: Clock, cut: int | None = None
) -> None:
    """Change the school's standing and keep its history (who decided is in the case's own
    history; this is the effect on the school, before → after)."""
    school = instance.school
    before = _standing_of(school)
    school.standing, school.standing_since = standing, clock.now()
    school.standing_basis = basis[:300]
    if standing == "enrollment_cut" or standing == NORMAL:
        school.enrollment_cut_percent = cut  # a later rung keeps the cut it follows
    audit.record(
        "school_standing_changed",
        clock,
        instance_id=instance.id,
        subject=f"organisation:{school.code}",
        before=before,
        after=_standing_of(school),
    )


def _standing_of(school: Organisation) -> dict:
    return {
        "standing": school.standing or NORMAL,
        "label": school.standing_label,
        "basis": school.standing_basis or "",
        "enrollment_cut_percent": school.enrollment_cut_percent,
    }
