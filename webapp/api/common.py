"""API plumbing: the bearer-token user, the clock, JSON bodies and shapes of the records."""

from __future__ import annotations

from functools import wraps

from flask import g, request

from webapp.clock import current_clock
from webapp.display import days_left, is_overdue
from webapp.errors import NotAllowed, RuleViolation, Unauthenticated
from webapp.models import ApiToken, ProcessInstance, User, WorkItem
from webapp.services import api_tokens, process_hooks

MUST_CHANGE_MESSAGE = "管理员已重置您的密码：请先登录网页，在“修改密码”页设置新密码后再使用 API。"


def token_required(view):
    @wraps(view)
    def wrapper(*args, **kwargs):
        header = request.headers.get("Authorization", "")
        if not header.startswith("Bearer "):
            raise Unauthenticated("请先登录：请求头需要 Authorization: Bearer <令牌>。")
        g.api_token = api_tokens.find(header[7:].strip(), current_clock())
        g.api_user = g.api_token.user
        if g.api_user.must_change_password:
            raise NotAllowed(MUST_CHANGE_MESSAGE)
        return view(*args, **kwargs)

    return wrapper


def api_user() -> User:
    return g.api_user


def api_token() -> ApiToken:
    return g.api_token


def json_body() -> dict:
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise RuleViolation("请求体必须是 JSON 对象。")
    return body


def item_json(item: WorkItem) -> dict:
    now = current_clock().now()
    return {
        "id": item.id,
        "instance_id": item.instance_id,
        "process": item.process_key,
        "task": item.spec_id,
        "name": item.name,
        "title": item.title,
        "lane": item.lane,
        "role": item.role,
        "school": item.school.name if item.school else None,
        "city": item.city.name if item.city else None,
        "status": item.status,
        "assignee": item.assignee.username if item.assignee else None,
        "due_at": item.due_at.isoformat() if item.due_at else None,
        "days_left": days_left(item.due_at, now),
        "overdue": item.status == "open" and is_overdue(item.due_at, now),
        "created_at": item.created_at.isoformat(),
        "claimed_at": item.claimed_at.isoformat() if item.claimed_at else None,
        "completed_at": item.completed_at.isoformat() if item.completed_at else None,
    }


def instance_json(instance: ProcessInstance, open_items: list[WorkItem], user) -> dict:
    return {
        "id": instance.id,
        "process": instance.process_key,
        "version": instance.definition.version,
        "business_key": instance.business_key,
        "title": instance.title,
        "status": instance.status,
        "school": instance.school.name if instance.school else None,
        "city": instance.city.name if instance.city else None,
        "data": process_hooks.visible_data(instance, user),
        "created_at": instance.created_at.isoformat(),
        "completed_at": instance.completed_at.isoformat() if instance.completed_at else None,
        "error": instance.error,
        "tasks": [item_json(item) for item in open_items],
    }
