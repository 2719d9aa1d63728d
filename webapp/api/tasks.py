"""The inbox over the API: list, read with form, claim, unclaim, delegate, complete."""

from __future__ import annotations

from flask import current_app, request

from webapp.api import bp
from webapp.api.common import api_user, item_json, json_body, token_required
from webapp.clock import current_clock
from webapp.errors import RuleViolation
from webapp.extensions import db
from webapp.inbox.filters import read_filters
from webapp.models.inbox import archive, inbox
from webapp.request_args import int_arg, page_arg
from webapp.services import process_hooks, tasks

MAX_PAGE_SIZE = 100


@bp.get("/tasks")
@token_required
def list_tasks():
    page = page_arg(strict=True)
    size = min(MAX_PAGE_SIZE, max(1, int_arg("size", 20, strict=True)))
    query = archive if request.args.get("status") == "done" else inbox
    filters, _ = read_filters(strict=True)
    result = query(api_user(), filters, current_clock().now(), page, size)
    return {
        "items": [item_json(item) for item in result.items],
        "total": result.total,
        # True when counting stopped at the cap: there are more than `total`.
        "total_capped": result.capped,
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
    payload["data"] = process_hooks.visible_data(item.instance, api_user())
    return payload


@bp.post("/tasks/<int:item_id>/claim")
@token_required
def claim(item_id: int):
    item = tasks.claim(item_id, api_user(), current_clock())
    db.session.commit()
    return item_json(item)


@bp.post("/tasks/<int:item_id>/unclaim")
@token_required
def unclaim(item_id: int):
    item = tasks.unclaim(item_id, api_user(), current_clock())
    db.session.commit()
    return item_json(item)


@bp.post("/tasks/<int:item_id>/delegate")
@token_required
def delegate(item_id: int):
    username = json_body().get("username")
    if not isinstance(username, str) or not username:
        raise RuleViolation("请填写转办对象的用户名。", {"username": "必填"})
    item = tasks.delegate(item_id, api_user(), username, current_clock())
    db.session.commit()
    return item_json(item)


@bp.post("/tasks/<int:item_id>/complete")
@token_required
def complete(item_id: int):
    data = json_body().get("data", {})
    if not isinstance(data, dict):
        raise RuleViolation("data 必须是 JSON 对象。", {"data": "应为对象"})
    item = tasks.complete(
        item_id, api_user(), data, current_clock(), current_app.config["FORMS_DIR"]
    )
    db.session.commit()
    return item_json(item)
