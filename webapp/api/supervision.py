"""督办 over the API: the dashboard's rows and summary, same filters, same order."""

from __future__ import annotations

from flask import request

from webapp.api import bp
from webapp.api.common import api_user, token_required
from webapp.api.tasks import MAX_PAGE_SIZE
from webapp.errors import NotFound, RuleViolation
from webapp.models.scope import may_supervise
from webapp.models.supervision import DeadlineRow, read_page
from webapp.request_args import parse_int
from webapp.supervision.filters import choices_for, parse, today
from webapp.supervision.notes import with_notes
from webapp.supervision.views import PAGE_SIZE


def row_json(row: DeadlineRow) -> dict:
    return {
        "id": row.id,
        "instance_id": row.instance_id,
        "process": row.process_key,
        "process_name": row.process_name,
        "title": row.title,
        "task": row.task_name,
        "city": row.city or None,
        "school": row.school or None,
        "party": row.party_label,
        "due_at": row.due_at.isoformat(),
        "due_date": row.due_date.isoformat(),
        "due_provisional": row.provisional,
        "working_days_left": row.working_days_left,
        "state": row.state,
        "state_label": row.state_label,
        "escalation": row.escalation,
        "escalation_label": row.escalation_label,
        "missed": row.missed,
        "now_step": row.now_step or None,
        "next_due_date": row.next_due.isoformat() if row.next_due else None,
        "note": row.note or None,
    }


@bp.get("/supervision/deadlines")
@token_required
def supervision_deadlines():
    user = api_user()
    if not may_supervise(user):
        raise NotFound("页面不存在或您无权查看。")
    choices = choices_for(user)
    f, problems = parse(request.args, user, choices)
    page = _positive("page", 1, problems)
    size = min(MAX_PAGE_SIZE, _positive("size", PAGE_SIZE, problems))
    if problems:  # a client is told, not silently given a wider list
        raise RuleViolation("筛选条件有误：" + "".join(problems.values()), problems)
    result, totals = read_page(user, f, today(), page, size)
    return {
        "items": [row_json(row) for row in with_notes(result.items)],
        "total": result.total,
        "page": result.page,
        "size": result.size,
        "summary": {"total": totals.total, "overdue": totals.overdue, "soon": totals.soon},
    }


def _positive(name: str, default: int, problems: dict) -> int:
    raw = request.args.get(name, "")
    value = parse_int(raw)
    if raw and (value is None or value < 1):
        problems[name] = f"参数 {name} 应为正整数。"
    return value if value and value > 0 else default
