"""Processes and instances: list definitions, start, read, deliver messages, withdraw, cancel."""

from flask import url_for
from sqlalchemy import select

from webapp.api import bp
from webapp.api.common import api_user, instance_json, json_body, token_required
from webapp.clock import current_clock
from webapp.errors import RuleViolation
from webapp.extensions import db
from webapp.models import ProcessDefinition
from webapp.services import case_closing, instances


@bp.get("/processes")
@token_required
def list_processes():
    rows = db.session.scalars(
        select(ProcessDefinition).order_by(ProcessDefinition.key, ProcessDefinition.version)
    )
    return {"processes": [{"key": d.key, "version": d.version, "name": d.name} for d in rows]}


@bp.post("/processes/<key>/instances")
@token_required
def start_instance(key: str):
    body = json_body()
    data = body.get("data")
    if data is not None and not isinstance(data, dict):
        raise RuleViolation("data 应为对象（发起表单的字段）。", {"data": "应为对象"})
    school = body.get("school")
    if school is not None and not isinstance(school, str):
        raise RuleViolation("school 应为学校代码（文字）。", {"school": "应为文字"})
    # Only a process with a start form takes data here, and only that form's fields.
    instance = instances.start(key, api_user(), current_clock(), school, data=data)
    db.session.commit()
    payload = instance_json(instance, instances.open_items(instance), api_user())
    return payload, 201, {"Location": url_for("api.get_instance", instance_id=instance.id)}


@bp.get("/instances/<int:instance_id>")
@token_required
def get_instance(instance_id: int):
    user = api_user()
    instance = instances.get_visible(instance_id, user)
    payload = instance_json(instance, instances.open_items(instance), user)
    hidden = instances.hidden_submissions(instance, user)
    payload["history"] = [
        {
            "at": e.at.isoformat(),
            "actor": e.actor_name,
            "action": e.action,
            "subject": e.subject,
            "before": None if e.id in hidden else e.before,
            "after": _step_only(e.after) if e.id in hidden else e.after,
        }
        for e in instances.history(instance)
    ]
    return payload


def _step_only(after: dict | None) -> dict | None:
    """What a hidden submission shows: which step was done (its data stays private)."""
    return {"task": after["task"]} if isinstance(after, dict) and "task" in after else None


@bp.post("/instances/<int:instance_id>/messages")
@token_required
def send_message(instance_id: int):
    body = json_body()
    name, data = body.get("name"), body.get("data", {})
    if not isinstance(name, str) or not name or not isinstance(data, dict):
        raise RuleViolation("请提供消息名称 name 和对象 data。", {"name": "必填"})
    delivered = instances.send_message(instance_id, name, data, api_user(), current_clock())
    if not delivered:
        raise RuleViolation(f"该流程当前没有等待消息“{name}”的环节。")
    db.session.commit()
    instance = instances.get_visible(instance_id, api_user())
    return instance_json(instance, instances.open_items(instance), api_user())


def _closed(action, instance_id: int):
    reason = json_body().get("reason", "")
    if not isinstance(reason, str):
        raise RuleViolation("reason 应为文字。", {"reason": "应为文字"})
    instance = action(instance_id, api_user(), reason, current_clock())
    db.session.commit()
    return instance_json(instance, [], api_user())


@bp.post("/instances/<int:instance_id>/withdraw")
@token_required
def withdraw_instance(instance_id: int):
    return _closed(case_closing.withdraw, instance_id)


@bp.post("/instances/<int:instance_id>/cancel")
@token_required
def cancel_instance(instance_id: int):
    return _closed(case_closing.cancel, instance_id)
