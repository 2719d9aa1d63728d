"""Opening an annual inspection round: one case per active school, started in batches, with the
schools skipped and why."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time

from sqlalchemy import select

from webapp import audit
from webapp.clock import Clock
from webapp.errors import NotAllowed, RuleViolation
from webapp.extensions import db
from webapp.local_time import local_zone
from webapp.models import Organisation, User
from webapp.processes.annual_inspection.models import InspectionCase, InspectionRound
from webapp.services import instances

KEY = "annual_inspection"


def _end_of(day: date) -> str:
    return datetime.combine(day, time(23, 59, 59), local_zone()).isoformat()


@dataclass
class RoundResult:
    round: InspectionRound
    started: list[InspectionCase] = field(default_factory=list)
    skipped: list[dict] = field(default_factory=list)
    remaining: int = 0
    total: int = 0


def _why_skip(school: Organisation, existing: set[int]) -> str | None:
    if not school.active:
        return "学校已停办"
    if school.id in existing:
        return "本轮已发起"
    if school.standing == "enrollment_revoked":
        return "已取缔招生资格"
    return None


def _may_open(user: User) -> None:
    if (
        user.role not in ("provincial_official", "admin")
        or not user.org
        or user.org.kind != "province"
    ):
        raise NotAllowed("只有省教育厅可以开启年检。")


def create_round(
    year: int, school_deadline: date, result_date: date, user: User, clock: Clock
) -> InspectionRound:
    """The round itself (or the existing one for that year); schools are started in batches."""
    _may_open(user)
    if result_date < school_deadline:
        raise RuleViolation(
            "结果公布日期不能早于学校提交截止日期。", {"result_date": "应晚于学校提交截止日期"}
        )
    round_ = db.session.scalar(select(InspectionRound).where(InspectionRound.year == year))
    if round_ is None:
        round_ = InspectionRound(
            year=year,
            school_deadline=school_deadline,
            result_date=result_date,
            opened_by_id=user.id,
            opened_at=clock.now(),
            skipped=[],
        )
        db.session.add(round_)
        db.session.flush()
        audit.record(
            "inspection_round_opened",
            clock,
            actor=user,
            subject=f"inspection_round:{round_.id}",
            after={"year": year},
        )
    return round_


def _pending_schools(round_: InspectionRound) -> tuple[list[Organisation], int]:
    """Schools not yet handled in this round (neither started nor skipped), and all schools."""
    started = set(
        db.session.scalars(
            select(InspectionCase.school_id).where(InspectionCase.round_id == round_.id)
        )
    )
    handled = started | {s["school_id"] for s in round_.skipped or [] if "school_id" in s}
    schools = db.session.scalars(
        select(Organisation).where(Organisation.kind == "school").order_by(Organisation.code)
    ).all()
    return [s for s in schools if s.id not in handled], len(schools)


def start_batch(round_: InspectionRound, user: User, clock: Clock, limit: int = 25) -> RoundResult:
    """Start (or skip, with the reason) up to `limit` more schools; `remaining` says how many wait."""
    _may_open(user)
    pending, total = _pending_schools(round_)
    result = RoundResult(round_, total=total)
    skipped = list(round_.skipped or [])
    for school in pending[:limit]:
        reason = _why_skip(school, set())
        if reason:
            entry = {
                "school_id": school.id,
                "school": school.name,
                "code": school.code,
                "reason": reason,
            }
            skipped.append(entry)
            result.skipped.append(entry)
            continue
        data = {
            "inspection_year": round_.year,
            "school_deadline": _end_of(round_.school_deadline),
            "result_deadline": _end_of(round_.result_date),
            "current_standing": school.standing,
        }
        instance = instances.start(KEY, user, clock, school.code, process_data=data)
        case = InspectionCase(round_id=round_.id, school_id=school.id, instance_id=instance.id)
        db.session.add(case)
        result.started.append(case)
    round_.skipped = skipped
    result.remaining = max(0, len(pending) - limit)
    return result


def open_round(
    year: int, school_deadline: date, result_date: date, user: User, clock: Clock
) -> RoundResult:
    """Create the round and start every school at once (CLI, demo); pages go batch by batch."""
    round_ = create_round(year, school_deadline, result_date, user, clock)
    result = RoundResult(round_)
    while True:
        batch = start_batch(round_, user, clock)
        result.started += batch.started
        result.skipped += batch.skipped
        result.total = batch.total
        if not batch.remaining:
            return result
