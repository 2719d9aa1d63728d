"""What the annual inspection tells the supervisors and the public: a missed rectification
deadline is made good only when the rectification is accepted; where a case stands on the
sanction ladder; and the final results (certificate, sanction decisions, their lifting)
published for 公示 as they are issued — never an interim state."""

from __future__ import annotations

from sqlalchemy import select

from webapp.clock import Clock
from webapp.extensions import db
from webapp.models import IssuedDocument, ProcessInstance, WorkItem
from webapp.processes.annual_inspection.rules.sanctions import rung_label
from webapp.publicity import service as publicity
from webapp.sources import policy_article

ACCEPTED = ("合格", "整改后合格")
PUBLISHED = {  # document kind → publication kind
    "inspection_certificate": "inspection_result",
    "sanction_decision": "sanction_decision",
    "sanction_lift": "sanction_lifted",
}


def missed_resolved(instance: ProcessInstance, _item: WorkItem) -> bool:
    """A missed 提交整改报告 stays before the supervisors until the rectification is accepted."""
    return (instance.data or {}).get("result") in ACCEPTED


def supervision_note(instance: ProcessInstance) -> str:
    """The sanctions the case has reached, in order ("已处理：缩减招生计划20% → 暂停新生学籍注册")."""
    sanctions = (instance.data or {}).get("sanctions") or []
    labels = []
    for sanction in sanctions:
        try:
            labels.append(rung_label(sanction.get("rung", ""), sanction.get("cut_percent")))
        except ValueError:
            continue
    if not labels:
        return "尚未作出处理决定"
    return "已处理：" + " → ".join(labels)


def _summary(instance: ProcessInstance, document: IssuedDocument) -> str:
    data = instance.data or {}
    year = data.get("inspection_year", "")
    school = instance.school.name if instance.school else ""
    lines = {
        "inspection_certificate": f"经学校自查、市级初审、省级复核，{school}{year}年度办学资质年检结论为"
        f"“{data.get('result', '合格')}”。",
        "sanction_decision": f"省教育厅依据{policy_article('八')}，对{school}{year}年度办学资质年检"
        f"作出处理决定（{document.doc_number}）。",
        "sanction_lift": f"{school}已完成整改并经验收合格，省教育厅解除此前作出的处理决定"
        f"（{document.doc_number}）。",
    }
    return lines[document.kind] + "\n公示期内对公示内容有异议的，可在本页提出。"


def publish_results(instance: ProcessInstance, clock: Clock) -> None:
    """Publish each final document of the case once (the publicity service keeps it once)."""
    documents = db.session.scalars(
        select(IssuedDocument)
        .where(IssuedDocument.instance_id == instance.id, IssuedDocument.kind.in_(PUBLISHED))
        .order_by(IssuedDocument.id)
    )
    for document in documents:
        if document.revoked:
            continue
        publicity.publish(
            instance,
            PUBLISHED[document.kind],
            document.title,
            _summary(instance, document),
            clock,
            document=document,
            publisher=document.issuer,
        )
