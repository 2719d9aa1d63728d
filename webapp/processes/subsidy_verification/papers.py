"""The province's sign-off of a school's list (资助名单审定意见), issued once when it signs off:
counts, amounts and how the flags were settled."""

from __future__ import annotations

from sqlalchemy import case, func, select

from webapp.clock import Clock
from webapp.extensions import db
from webapp.local_time import local_date
from webapp.models import IssuedDocument, ProcessInstance
from webapp.services.case_documents import issue_for_case

from .models import SubsidyFlag, SubsidyRecipient
from .rules import FLAGS

KIND = "subsidy_signoff"
ISSUER = "辽宁省教育厅"


def _figures(instance: ProcessInstance) -> dict:
    R = SubsidyRecipient
    mine = R.instance_id == instance.id
    kept = db.session.execute(
        select(func.count(), func.coalesce(func.sum(R.amount), 0)).where(mine, R.removed.is_(False))
    ).one()
    removed = db.session.scalar(select(func.count()).where(mine, R.removed.is_(True)))
    flags = db.session.execute(
        select(SubsidyFlag.code, func.count(), func.sum(case((R.removed.is_(True), 1), else_=0)))
        .join(R, R.id == SubsidyFlag.recipient_id)
        .where(mine)
        .group_by(SubsidyFlag.code)
    ).all()
    settled = [
        {"label": FLAGS.get(code, code), "count": count, "removed": int(gone or 0)}
        for code, count, gone in flags
    ]
    return {"kept": kept[0], "amount": kept[1], "removed": removed or 0, "flags": settled}


def signoff_once(instance: ProcessInstance, clock: Clock) -> IssuedDocument | None:
    issued = select(func.count()).where(
        IssuedDocument.instance_id == instance.id, IssuedDocument.kind == KIND
    )
    if db.session.scalar(issued):
        return None
    data = instance.data
    label = f"{data.get('term', '')}季学期{data.get('subsidy_type', '')}"
    today = local_date(clock.now())
    context = {
        "school_name": instance.school.name,
        "city_name": instance.school.parent.name if instance.school.parent else "",
        "label": label,
        "opinion": data.get("province_opinion", ""),
        **_figures(instance),
    }
    return issue_for_case(
        instance,
        KIND,
        f"{instance.school.name}{label}资助名单审定意见",
        context,
        clock,
        issuer=ISSUER,
        subject=f"{instance.school.name} {label}资助核查",
        doc_number=f"辽教资审〔{today.year}〕{instance.id}号",
    )
