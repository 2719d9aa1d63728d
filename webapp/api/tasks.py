"""The inbox over the API: list, read with form, claim, unclaim, delegate, complete."""

from __future__ import annotations

from datetime import datetime

from flask import current_app, request

from webapp.api import bp
from webapp.api.common import api_user, clock, item_json, json_body, token_required
from webapp.errors import RuleViolation
from webapp.extensions import db
from webapp.models.inbox import InboxFilter, archive, inbox
from webapp.request_args import id_arg, int_arg, page_arg
from webapp.services import tasks

MAX_PAGE_SIZE = 100


def filters_from_args() -> InboxFilter:
    due_before = request.args.get("due_before")
    try:
        due = datetime.fromisoformat(due_before) if due_before else None
    except ValueError as error:
        raise RuleViolation(
            "参数 due_before 应为 ISO 日期时间，如 2026-03-15T00:00:00+08:00。",
            {"due_before": "格式不正确"},
        ) from error
    if due is not None and due.tzinfo is None:
        raise RuleViolation("参数 due_before 需要带时区，如 +08:00。", {"due_before": "缺少时区"})
    return InboxFilter(
        process=request.args.get("process") or None,
        school_id=id_arg("school", strict=True),
        city_id=id_arg("city", strict=True),
        overdue=request.args.get("overdue") in ("1", "true", "yes"),
        due_before=due,
        text=request.args.get("q") or None,
        sort=request.args.get("sort", "due"),
    )


@bp.get("/tasks")
@token_required
def list_tasks():
    page = page_arg(strict=True)
    size = min(MAX_PAGE_SIZE, max(1, int_arg("size", 20, strict=True)))
    query = archive if request.args.get("status") == "done" else inbox
    result = query(api_user(), filters_from_args(), clock().now(), page, size)
    return {
        "items": [item_json(item) for item in result.items],
        "total": result.total,
        "page": result.page,
        "size": result.size,
    }


@bp.get("/tasks/<int:item_id>")
@token_required
def get_task(item_id: int):
    item = tasks.get_visible(item_id, api_user())
    form = tasks.form_for(item, current_app.config["FORMS_DIR"])
    payload = item_json(item)
    payload["form"] = {"title": form.title, "schema": form.schema, "ui": form.ui}
    payload["data"] = item.instance.data
    return payload


@bp.post("/tasks/<int:item_id>/claim")
@token_required
def claim(item_id: int):
    item = tasks.claim(item_id, api_user(), clock())
    db.session.commit()
    return item_json(item)


@bp.post("/tasks/<int:item_id>/unclaim")
@token_required
def unclaim(item_id: int):
    item = tasks.unclaim(item_id, api_user(), clock())
    db.session.commit()
    return item_json(item)


@bp.post("/tasks/<int:item_id>/delegate")
@token_required
def delegate(item_id: int):
    username = json_body().get("username")
    if not isinstance(username, str) or not username:
        raise RuleViolation("请填写转办对象的用户名。", {"username": "必填"})
    item = tasks.delegate(item_id, api_user(), username, clock())
    db.session.commit()
    return item_json(item)


@bp.post("/tasks/<int:item_id>/complete")
@token_required
def complete(item_id: int):
    data = json_body().get("data", {})
    if not isinstance(data, dict):
        raise RuleViolation("data 必须是 JSON 对象。", {"data": "应为对象"})
    item = tasks.complete(item_id, api_user(), data, clock(), current_app.config["FORMS_DIR"])
    db.session.commit()
    return item_json(item)
