"""资助核查 through the API (/api/v1/subsidy): open a round, follow its cases, send a school's
list (a file, or the same columns as JSON rows) and read the rows with their flags."""

from __future__ import annotations

import csv
import io

from flask import Blueprint, current_app, request

from webapp.api.common import api_user, json_body, token_required
from webapp.clock import current_clock
from webapp.errors import NotFound, RuleViolation
from webapp.extensions import db
from webapp.jobs import enqueue
from webapp.jobs.files import keep_file
from webapp.models import ProcessInstance
from webapp.models.scope import visible_instances
from webapp.request_args import int_arg, page_arg
from webapp.services import instances

from . import answers, jobs, recipients, rounds
from .models import SubsidyRound
from .rules import COLUMNS, FLAGS
from .steps import LIST_STEPS, open_step

api_bp = Blueprint("subsidy_api", __name__)
KEY = "subsidy_verification"
MAX_JSON_ROWS = 5000
MAX_PAGE_SIZE = 1000


def _round_json(round_: SubsidyRound) -> dict:
    return {"id": round_.id, "term": round_.term, "subsidy_type": round_.subsidy_type}


def _case_json(instance: ProcessInstance) -> dict:
    steps = [item.name for item in instances.open_items(instance)]
    return {
        "id": instance.id,
        "school_code": instance.school.code if instance.school else None,
        "school": instance.school.name if instance.school else None,
        "status": instance.status,
        "steps": steps,
        **recipients.summary(instance.id),
    }


@api_bp.post("/rounds")
@token_required
def open_round():
    body = json_body()
    term, kind = body.get("term"), body.get("subsidy_type")
    if not isinstance(term, str) or not isinstance(kind, str):
        raise RuleViolation(
            "请给出学期和资助类型。", {"term": "如 2026秋", "subsidy_type": "国家助学金或免学费"}
        )
    round_, cases = rounds.open_round(term, kind, api_user(), current_clock())
    db.session.commit()
    return {"round": _round_json(round_), "cases": [_case_json(case) for case in cases]}, 201


@api_bp.get("/rounds/<int:round_id>")
@token_required
def get_round(round_id: int):
    round_ = db.session.get(SubsidyRound, round_id)
    if round_ is None:
        raise NotFound("核查轮次不存在。")
    mine = db.session.scalars(
        visible_instances(api_user())
        .where(
            ProcessInstance.process_key == KEY,
            ProcessInstance.data["round_id"].as_integer() == round_.id,
        )
        .order_by(ProcessInstance.id)
    )
    return {"round": _round_json(round_), "cases": [_case_json(case) for case in mine]}


@api_bp.post("/rounds/<int:round_id>/checks")
@token_required
def recheck_round(round_id: int):
    round_ = db.session.get(SubsidyRound, round_id)
    if round_ is None:
        raise NotFound("核查轮次不存在。")
    job = rounds.queue_round_check(round_, api_user(), current_clock())
    db.session.commit()
    return {"job": job.id, "state": job.state}, 202


def _case(instance_id: int) -> ProcessInstance:
    instance = instances.get_visible(instance_id, api_user())
    if instance.process_key != KEY:
        raise NotFound("核查事项不存在或您无权查看。")
    return instance


@api_bp.post("/cases/<int:instance_id>/recipients")
@token_required
def send_list(instance_id: int):
    user = api_user()
    instance = _case(instance_id)
    if open_step(instance, ("submit_list",), user) is None:
        raise RuleViolation("该事项当前不在报送名单环节，或您不是该校用户。")
    upload = request.files.get("file")
    if upload is not None and upload.filename:
        stream, filename = upload.stream, upload.filename
    else:
        stream, filename = _rows_as_csv(json_body()), "名单.csv"
    path = keep_file(stream, filename, current_app.config["UPLOAD_DIR"], "subsidy")
    params = {"instance_id": instance.id, "path": str(path), "filename": filename[:200]}
    job = enqueue(jobs.UPLOAD, params, current_clock(), user=user, school_id=instance.school_id)
    db.session.commit()
    return {"job": job.id, "state": job.state}, 202


def _rows_as_csv(body: dict) -> io.BytesIO:
    rows = body.get("rows")
    if not isinstance(rows, list) or not rows or len(rows) > MAX_JSON_ROWS:
        raise RuleViolation(
            f"请以 multipart 字段 file 上传名单，或以 JSON 给出 rows（1–{MAX_JSON_ROWS} 行）。",
            {"rows": "应为对象数组，键为名单的列名"},
        )
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(COLUMNS)
    for index, row in enumerate(rows):
        if not isinstance(row, dict):
            raise RuleViolation(f"rows 第 {index + 1} 项应为对象。", {f"rows.{index}": "应为对象"})
        writer.writerow(["" if row.get(c) is None else str(row.get(c)) for c in COLUMNS])
    return io.BytesIO(text.getvalue().encode("utf-8"))


def _row_json(listed: recipients.ListedRow) -> dict:
    row = listed.row
    return {
        "line": row.line, "student_no": row.student_no, "name": row.name, "grade": row.grade,
        "major_code": row.major_code, "tier": row.tier, "amount": str(row.amount),
        "hardship": row.hardship, "removed": row.removed, "explanation": row.explanation,
        "evidence": row.evidence_id,
        "flags": [{"code": code, "reason": reason} for code, reason in listed.flags],
    }  # fmt: skip


@api_bp.get("/cases/<int:instance_id>/rows")
@token_required
def list_rows(instance_id: int):
    instance = _case(instance_id)
    wanted = request.args.get("flag") or None
    if wanted is not None and wanted not in FLAGS:
        raise RuleViolation(f"flag 应为 {'、'.join(FLAGS)} 之一。", {"flag": "未知的疑点代码"})
    which = recipients.RowFilter(flag=wanted, unanswered=request.args.get("unanswered") == "true")
    number = page_arg(strict=True)
    size = min(MAX_PAGE_SIZE, max(1, int_arg("size", 100, strict=True)))
    rows, total = recipients.listed(instance.id, which, (number - 1) * size, size)
    return {"items": [_row_json(row) for row in rows], "total": total, "page": number, "size": size}


@api_bp.post("/cases/<int:instance_id>/answers")
@token_required
def answer_rows(instance_id: int):
    """The school's answers: [{"line", "action": "keep"|"remove", "explanation"}], all or none."""
    user = api_user()
    instance = _case(instance_id)
    item = open_step(instance, LIST_STEPS, user)
    if item is None:
        raise RuleViolation("该事项当前不在报送名单或处理疑点环节，或您不是该校用户。")
    if jobs.pending(instance.id):
        raise RuleViolation("名单正在后台处理，请稍候再处理疑点。")
    given = json_body().get("answers")
    if not isinstance(given, list):
        raise RuleViolation("请以 answers 给出处理意见。", {"answers": "应为对象数组"})
    chosen = []
    for index, entry in enumerate(given[: answers.MAX_ANSWERS + 1]):
        line = entry.get("line") if isinstance(entry, dict) else None
        if not isinstance(line, int) or isinstance(line, bool):
            raise RuleViolation(
                f"answers 第 {index + 1} 项缺少行号 line。", {f"answers.{index}": "line 应为整数"}
            )
        explanation = entry.get("explanation") or ""
        chosen.append(answers.Answer(line, str(entry.get("action", "")), str(explanation)))
    changed = answers.apply(instance, item, chosen, user, current_clock())
    db.session.commit()
    return {"changed": len(changed), **recipients.summary(instance.id)}
