"""Processes and instances: list definitions, start, read, deliver messages."""

from flask import url_for
from sqlalchemy import select

from webapp.api import bp
from webapp.api.common import api_user, instance_json, json_body, token_required
from webapp.clock import current_clock
from webapp.errors import RuleViolation
from webapp.extensions import db
from webapp.models import ProcessDefinition
from webapp.services import instances


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
    if body.get("data") not in (None, {}):
        raise RuleViolation(
            "发起流程时不能设置流程数据；发起后请在第一个任务的表单中填写。",
            {"data": "应省略或为空对象"},
        )
    school = body.get("school")
    if school is not None and not isinstance(school, str):
        raise RuleViolation("school 应为学校代码（文字）。", {"school": "应为文字"})
    instance = instances.start(key, api_user(), current_clock(), school)
    db.session.commit()
    payload = instance_json(instance, instances.open_items(instance))
    return payload, 201, {"Location": url_for("api.get_instance", instance_id=instance.id)}


@bp.get("/instances/<int:instance_id>")
@token_required
def get_instance(instance_id: int):
    instance = instances.get_visible(instance_id, api_user())
    payload = instance_json(instance, instances.open_items(instance))
    payload["history"] = [
        {
            "at": e.at.isoformat(),
            "actor": e.actor_name,
            "action": e.action,
            "subject": e.subject,
            "before": e.before,
            "after": e.after,
        }
        for e in instances.history(instance)
    ]
    return payload


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
    return instance_json(instance, instances.open_items(instance))
