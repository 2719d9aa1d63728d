"""Opening a verification round: one term, one subsidy type, one case per active school."""

from __future__ import annotations

import re

from sqlalchemy import select

from webapp.clock import Clock
from webapp.errors import NotFound, RuleViolation
from webapp.extensions import db
from webapp.jobs import enqueue
from webapp.jobs.models import BackgroundJob
from webapp.models import Organisation, ProcessInstance, User
from webapp.models.scope import acts_for_province
from webapp.services import instances

from . import jobs
from .models import SubsidyRound
from .rules import SUBSIDY_TYPES

KEY = "subsidy_verification"
TERM = re.compile(r"^(20[0-9]{2})(春|秋)$")


def open_round(
    term: str, subsidy_type: str, user: User, clock: Clock
) -> tuple[SubsidyRound, list[ProcessInstance]]:
    if not acts_for_province(user):
        raise RuleViolation("只有省教育厅可以开启资助核查。")
    term = (term or "").strip()
    errors = {}
    if not TERM.fullmatch(term):
        errors["term"] = "学期应写作“2026秋”或“2027春”"
    if subsidy_type not in SUBSIDY_TYPES:
        errors["subsidy_type"] = "资助类型应为国家助学金或免学费"
    if errors:
        raise RuleViolation("开启核查的信息有误，请按提示修改。", errors)
    exists = select(SubsidyRound.id).where(
        SubsidyRound.term == term, SubsidyRound.subsidy_type == subsidy_type
    )
    if db.session.scalar(exists) is not None:
        raise RuleViolation(
            f"{term}季学期{subsidy_type}核查已经开启。", {"term": "该学期该类资助已开启"}
        )
    round_ = SubsidyRound(
        term=term, subsidy_type=subsidy_type, opened_at=clock.now(), opened_by_id=user.id
    )
    db.session.add(round_)
    db.session.flush()
    schools = db.session.scalars(
        select(Organisation)
        .where(Organisation.kind == "school", Organisation.active.is_(True))
        .order_by(Organisation.code)
    ).all()
    data = {"round_id": round_.id, "term": term, "subsidy_type": subsidy_type}
    cases = [
        instances.start(KEY, user, clock, school.code, process_data=data) for school in schools
    ]
    return round_, cases


def queue_round_check(round_: SubsidyRound, user: User, clock: Clock) -> BackgroundJob:
    """The province has every running list of the round checked again (one at a time)."""
    if not acts_for_province(user):
        raise NotFound("核查轮次不存在或您无权操作。")
    latest = jobs.round_check(round_.id)
    if latest is not None and latest.state in ("queued", "running"):
        raise RuleViolation("该轮次的全省比对正在进行中，请等待完成。")
    return enqueue(jobs.ROUND_CHECK, {"round_id": round_.id}, clock, user=user)
