"""History: append hash-chained events and verify that none was changed or removed."""

from __future__ import annotations

import hashlib
import json
from itertools import groupby

from sqlalchemy import select, update

from webapp.clock import Clock
from webapp.errors import Conflict
from webapp.extensions import db
from webapp.models import ChainHead, Event, User
from webapp.models.event import GENESIS
from webapp.processes.registry import current as installed_processes

ACTIONS = {
    "instance_started": "发起流程",
    "task_completed": "办理任务",
    "task_claimed": "认领任务",
    "task_unclaimed": "放弃认领",
    "task_delegated": "转办任务",
    "message_received": "收到消息",
    "instance_completed": "流程办结",
    "instance_failed": "流程出错",
    "instance_withdrawn": "撤回申请",
    "instance_cancelled": "作废事项",
    "instance_migrated": "迁移流程版本",
    "login": "登录",
    "login_failed": "登录失败",
    "logout": "退出登录",
    "api_logout": "注销 API 令牌",
    "password_set": "设置密码",
    "user_created": "创建用户",
    "user_updated": "修改用户",
    "user_disabled": "停用用户",
    "user_enabled": "启用用户",
    "users_imported": "导入用户",
    "organisation_created": "新增机构",
    "organisation_updated": "修改机构",
    "organisation_deactivated": "停用学校",
    "organisation_reactivated": "恢复学校",
    "process_deployed": "部署流程",
    "file_uploaded": "上传文件",
    "calendar_changed": "修改工作日日历",
    "setting_changed": "修改系统设置",
    "timer_fired": "定时器触发",
    "task_reminded": "到期提醒",
    "task_overdue": "任务逾期",
    "deadline_missed": "逾期未办（督办）",
    "deadline_miss_closed": "逾期事项了结",
    "deadline_retried": "重试定时任务",
    "deadline_recomputed": "按新日历重算期限",
    "document_issued": "签发文件",
    "document_revoked": "作废文件",
    "major_catalogue_imported": "导入专业目录",
    "school_major_changed": "变更学校开设专业",
    "registry_imported": "导入学籍",
    "published": "发布公示",
    "objection_lodged": "收到公示异议",
}


def _digest(fields: dict) -> str:
    text = json.dumps(fields, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _content(event: Event) -> dict:
    return {
        "chain": event.chain,
        "seq": event.seq,
        "instance_id": event.instance_id,
        "actor_id": event.actor_id,
        "actor_name": event.actor_name,
        "at": event.at.isoformat(),
        "action": event.action,
        "subject": event.subject,
        "before": event.before,
        "after": event.after,
        "prev_hash": event.prev_hash,
    }


def _lock_head(chain: str) -> ChainHead | None:
    """The chain's head row, locked until commit (PostgreSQL waits; SQLite serialises writers)."""
    return db.session.execute(
        select(ChainHead).where(ChainHead.chain == chain).with_for_update()
    ).scalar_one_or_none()


def _move_head(head: ChainHead | None, chain: str, event: Event) -> None:
    if head is None:
        db.session.add(ChainHead(chain=chain, seq=event.seq, hash=event.hash))
        return
    moved = db.session.execute(
        update(ChainHead)
        .where(ChainHead.chain == chain, ChainHead.seq == event.seq - 1)
        .values(seq=event.seq, hash=event.hash)
        .execution_options(synchronize_session=False)
    )
    if moved.rowcount != 1:
        raise Conflict("记录正被他人同时修改，请刷新后重试。")
    db.session.expire(head)


def record(
    action: str,
    clock: Clock,
    actor: User | None = None,
    instance_id: int | None = None,
    subject: str = "",
    before: dict | None = None,
    after: dict | None = None,
) -> Event:
    """Append one event to its chain (the instance's, or the system chain)."""
    chain = f"instance:{instance_id}" if instance_id else "system"
    head = _lock_head(chain)
    event = Event(
        chain=chain,
        seq=head.seq + 1 if head else 1,
        prev_hash=head.hash if head else GENESIS,
        instance_id=instance_id,
        actor_id=actor.id if actor else None,
        actor_name=actor.label if actor else "系统",
        at=clock.now().replace(microsecond=0),
        action=action,
        subject=subject,
        before=before,
        after=after,
    )
    event.hash = _digest(_content(event))
    _move_head(head, chain, event)
    db.session.add(event)
    return event


def verify() -> list[str]:
    """Problems found in the history (Chinese lines); an empty list means intact."""
    problems: list[str] = []
    heads = {h.chain: h for h in db.session.scalars(select(ChainHead))}
    rows = db.session.scalars(select(Event).order_by(Event.chain, Event.seq))
    seen: set[str] = set()
    for chain, events in groupby(rows, key=lambda e: e.chain):
        seen.add(chain)
        problems += _verify_chain(chain, list(events), heads.get(chain))
    for chain in heads.keys() - seen:
        problems.append(f"链 {chain}：记录全部缺失（链头存在）")
    return problems


def _verify_chain(chain: str, events: list[Event], head: ChainHead | None) -> list[str]:
    problems = []
    prev_hash, expected_seq = GENESIS, 1
    for event in events:
        if event.seq != expected_seq:
            problems.append(f"链 {chain}：第 {expected_seq} 条记录缺失")
        if event.prev_hash != prev_hash:
            problems.append(
                f"链 {chain}：第 {event.seq} 条记录与前一条不衔接（有记录被删除或修改）"
            )
        if _digest(_content(event)) != event.hash:
            problems.append(f"链 {chain}：第 {event.seq} 条记录（ID {event.id}）内容被修改")
        prev_hash, expected_seq = event.hash, event.seq + 1
    if head is None or head.seq != events[-1].seq or head.hash != events[-1].hash:
        problems.append(f"链 {chain}：末尾记录缺失或链头不符")
    return problems


def label(action: str) -> str:
    return ACTIONS.get(action) or installed_processes().event_labels().get(action, action)
