"""Guardian consent: a one-time link per student asked; the answer (link or paper); closing."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from sqlalchemy import select

from webapp import audit, engine
from webapp.clock import Clock
from webapp.errors import Conflict, NotAllowed, NotFound, RuleViolation
from webapp.extensions import db
from webapp.models import ProcessInstance, User, WorkItem
from webapp.processes.internship_approval.models import ConsentRequest
from webapp.services import runs

ANSWERS = ("agree", "refuse")
UNKNOWN_LINK = "链接无效。请核对链接是否完整，或联系学校获取新的告知书。"


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("ascii", "replace")).hexdigest()


def open_request(
    instance: ProcessInstance, item: WorkItem, student: dict, clock: Clock
) -> tuple[ConsentRequest, str]:
    """A request and its raw token (≥ 128 bits; only the hash is kept)."""
    token = secrets.token_urlsafe(24)
    request = ConsentRequest(
        instance_id=instance.id,
        work_item_id=item.id,
        student_index=int(student.get("index", 0)),
        student_name=str(student.get("name", ""))[:30],
        token_hash=token_hash(token),
        expires_at=item.due_at or clock.now() + timedelta(days=7),
        created_at=clock.now(),
    )
    db.session.add(request)
    db.session.flush()
    return request, token


def find(token: str) -> ConsentRequest:
    request = db.session.scalar(
        select(ConsentRequest).where(ConsentRequest.token_hash == token_hash(token))
    )
    if request is None:
        raise NotFound(UNKNOWN_LINK)
    return request


def state(request: ConsentRequest, clock: Clock) -> str:
    """answered | withdrawn (the school withdrew the case, or it was cancelled) | closed (the step
    ended without an answer) | expired | open"""
    if request.answer:
        return "answered"
    if request.instance.status in ("withdrawn", "cancelled"):
        return "withdrawn"
    if request.work_item.status != "open":
        return "closed"
    if clock.now() >= request.expires_at:
        return "expired"
    return "open"


def _check_answerable(request: ConsentRequest, answer: str, clock: Clock) -> None:
    if answer not in ANSWERS:
        raise RuleViolation("请选择“同意”或“不同意”。", {"consent": "请选择“同意”或“不同意”"})
    current = state(request, clock)
    if current == "answered":
        raise Conflict(f"已于此前答复“{request.answer_label}”，每份告知书只能答复一次。")
    if current == "withdrawn":
        raise RuleViolation("本次实习申请已撤回或作废，告知书已失效，无需答复。")
    if current in ("expired", "closed"):
        raise RuleViolation("答复期限已过，该学生已不再参加本次实习；如有疑问请联系学校。")


def _complete(
    request: ConsentRequest,
    answer: str,
    note: str,
    via: str,
    clock: Clock,
    actor: User | None,
    scan: dict | None = None,
) -> None:
    _check_answerable(request, answer, clock)
    item = request.work_item
    data = {"consent": answer, "consent_note": note[:500], "consent_via": via}
    if scan:
        data["consent_scan"] = scan
    run = runs.restore(item.instance, clock)
    try:
        run.complete_task(item.task_id, data)
    except engine.TaskNotReady as error:
        raise Conflict("该告知书已处理，请刷新。") from error
    request.answer, request.note, request.answered_at, request.answered_via = (
        answer,
        note[:500],
        clock.now(),
        via,
    )
    request.recorded_by_id = actor.id if actor else None
    item.status, item.completed_at = "completed", clock.now()
    item.completed_by_id = actor.id if actor else None
    audit.record(
        "consent_answered",
        clock,
        actor=actor,
        instance_id=item.instance_id,
        subject=f"consent:{request.id}",
        after={"student": request.student_name, "answer": answer, "via": via},
    )
    runs.save(item.instance, run, clock, actor=actor)


def answer_in_demo(item_id: int, clock: Clock) -> None:
    """The demo's guardians agree (a reply the demo data records as given through the link)."""
    request = db.session.scalar(
        select(ConsentRequest).where(ConsentRequest.work_item_id == item_id)
    )
    _complete(request, "agree", "", "link", clock, None)


def answer_by_link(
    token: str, answer: str, note: str, clock: Clock, ip: str = "", agent: str = ""
) -> ConsentRequest:
    """The guardian's own answer through the link: once, before the window closes."""
    request = find(token)
    _complete(request, answer, note, "link", clock, None)
    request.answer_ip, request.answer_agent = ip[:64], agent[:300]
    return request


def check_paper_reply(item_id: int, user: User, answer: str, clock: Clock) -> ConsentRequest:
    """The request a paper reply would answer, if this user may record this answer now; called
    before the scan is stored, so a refused reply writes nothing."""
    request = db.session.scalar(
        select(ConsentRequest).where(ConsentRequest.work_item_id == item_id)
    )
    if request is None:
        raise NotFound("该告知书不存在。")
    instance = request.instance
    if user.role != "school_staff" or user.org_id != instance.school_id:
        raise NotAllowed("只有本校工作人员可以录入纸质回执。")
    _check_answerable(request, answer, clock)
    return request


def record_paper(
    item_id: int, user: User, answer: str, note: str, scan: dict | None, clock: Clock
) -> ConsentRequest:
    """A paper reply the school received, recorded by its staff with the scan attached."""
    request = check_paper_reply(item_id, user, answer, clock)
    if not scan:
        raise RuleViolation(
            "请上传监护人签字的纸质回执扫描件。", {"consent_scan": "请上传纸质回执扫描件"}
        )
    _complete(request, answer, note, "paper", clock, user, scan)
    return request


def for_instance(instance_id: int) -> list[ConsentRequest]:
    return list(
        db.session.scalars(
            select(ConsentRequest)
            .where(ConsentRequest.instance_id == instance_id)
            .order_by(ConsentRequest.student_index)
        )
    )
