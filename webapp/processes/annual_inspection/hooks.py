"""The annual inspection's hooks: the settings each case starts with, and reconciling documents
and the school's standing after every step (certificate, rectification notice, sanctions)."""

from __future__ import annotations

from webapp.clock import Clock
from webapp.models import Organisation, ProcessInstance
from webapp.processes.annual_inspection import papers as inspection_papers
from webapp.processes.annual_inspection.rules import THRESHOLD_KEYS
from webapp.settings_store import service as settings


def case_settings(_given: dict, _school: Organisation | None) -> dict:
    days = [int(d) for d in str(settings.get("inspection.reminder_days")).split(",") if d.strip()]
    return {
        "inspection_thresholds": {key: settings.get(key) for key in THRESHOLD_KEYS},
        "rectification_days": settings.get("inspection.rectification_days"),
        "sanction_interval_days": settings.get("inspection.sanction_interval_days"),
        "enrollment_cut_percent": settings.get("inspection.enrollment_cut_percent"),
        "reminder_offsets": ",".join(f"P{d}D" for d in days),
        "sanctions": [],
    }


def reconcile(instance: ProcessInstance, clock: Clock) -> None:
    """Issue what the case's data says is due and keep the school's standing in step."""
    data = instance.data or {}
    school = instance.school
    for sanction in inspection_papers.missing_sanctions(instance):
        school.standing, school.standing_since = sanction["rung"], clock.now()
        school.standing_basis = f"{data.get('inspection_year', '')}年度办学资质年检拒不整改，{sanction.get('document_no', '')}"
        if sanction["rung"] == "enrollment_cut":
            school.enrollment_cut_percent = sanction.get("cut_percent")
        inspection_papers.sanction_decision(instance, sanction, clock)
    if data.get("result") == "取缔招生资格" and school.standing != "enrollment_revoked":
        school.standing, school.standing_since = "enrollment_revoked", clock.now()
        school.standing_basis = (
            f"{data.get('inspection_year', '')}年度办学资质年检：{data.get('grade_reason', '')}"[
                :300
            ]
        )
        inspection_papers.revocation_decision(instance, clock)
    if data.get("result") in ("合格", "整改后合格"):
        inspection_papers.certificate_once(instance, clock)
    if data.get("rectification_deadline") and data.get("result") == "整改中":
        inspection_papers.notice_once(instance, clock)
