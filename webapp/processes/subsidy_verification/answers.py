"""The school's answers to its flagged rows: remove a row, or keep it with a reason and, if it
has one, a file of evidence. One row or many at once (the page's selection, the API); all of
them are applied or none, and each refusal names its line."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import BinaryIO

from sqlalchemy import select

from webapp.clock import Clock
from webapp.errors import RuleViolation
from webapp.extensions import db
from webapp.models import Attachment, ProcessInstance, User, WorkItem
from webapp.services import attachments
from webapp.taskforms import FieldDef

from .models import SubsidyFlag, SubsidyRecipient

MIN_REASON = 5
MAX_REASON = 1000
MAX_ANSWERS = 5000
ACTIONS = {"keep": "保留", "remove": "删除"}
EVIDENCE = FieldDef(
    name="row_evidence", label="佐证材料", widget="file", type="object",
    accept=(".pdf", ".jpg", ".jpeg", ".png"), max_bytes=10 * 1024 * 1024,
)  # fmt: skip


@dataclass(frozen=True)
class Answer:
    line: int
    action: str  # keep / remove
    explanation: str = ""


def _problems(answers: Sequence[Answer], rows: dict, flagged: set[int]) -> dict[str, str]:
    problems: dict[str, str] = {}
    seen: set[int] = set()
    for answer in answers:
        key = f"line.{answer.line}"
        row = rows.get(answer.line)
        if answer.line in seen:
            problems[key] = f"第 {answer.line} 行重复出现，每行只能处理一次"
        elif row is None:
            problems[key] = f"名单中没有第 {answer.line} 行"
        elif answer.action not in ACTIONS:
            problems[key] = f"第 {answer.line} 行：处理方式应为“保留”或“删除”"
        elif answer.action == "keep" and row.id not in flagged:
            problems[key] = f"第 {answer.line} 行没有疑点，无需保留说明"
        elif answer.action == "keep" and len(answer.explanation.strip()) < MIN_REASON:
            problems[key] = f"第 {answer.line} 行：保留时请写明理由（至少 {MIN_REASON} 个字）"
        seen.add(answer.line)
    return problems


def apply(
    instance: ProcessInstance,
    item: WorkItem,
    answers: Sequence[Answer],
    user: User,
    clock: Clock,
    evidence: tuple[BinaryIO, str, str] | None = None,
) -> list[SubsidyRecipient]:
    """Apply every answer or none; `evidence` (stream, filename, upload_dir) goes with the rows
    kept. The rows changed."""
    if not answers:
        raise RuleViolation("请选择要处理的行。", {"lines": "没有选择任何行"})
    if len(answers) > MAX_ANSWERS:
        raise RuleViolation(f"一次最多处理 {MAX_ANSWERS} 行。", {"lines": "行数过多"})
    lines = {answer.line for answer in answers}
    rows = {
        row.line: row
        for row in db.session.scalars(
            select(SubsidyRecipient).where(
                SubsidyRecipient.instance_id == instance.id, SubsidyRecipient.line.in_(lines)
            )
        )
    }
    codes: dict[int, set[str]] = {}
    for recipient_id, code in db.session.execute(
        select(SubsidyFlag.recipient_id, SubsidyFlag.code).where(
            SubsidyFlag.recipient_id.in_([row.id for row in rows.values()])
        )
    ):
        codes.setdefault(recipient_id, set()).add(code)
    problems = _problems(answers, rows, set(codes))
    if problems:
        shown = "；".join(list(problems.values())[:10])
        more = f"（共 {len(problems)} 处）" if len(problems) > 10 else ""
        raise RuleViolation(f"未作处理：{shown}{more}。", problems)
    stored = _store_evidence(evidence, instance, item, user, clock) if evidence else None
    changed = []
    for answer in answers:
        row = rows[answer.line]
        explanation = answer.explanation.strip()[:MAX_REASON]
        if answer.action == "remove":
            row.removed, row.explanation = True, explanation or "学校删除"
        else:
            row.removed, row.explanation = False, explanation
            row.answered_codes = ",".join(sorted(codes.get(row.id, ())))[:300]
            if stored is not None:
                row.evidence_id = stored.id
        changed.append(row)
    return changed


def _store_evidence(evidence, instance, item, user, clock) -> Attachment:
    stream, filename, upload_dir = evidence
    stored = attachments.store(stream, filename, EVIDENCE, user, clock, upload_dir)
    stored.instance_id, stored.work_item_id = instance.id, item.id
    return stored
