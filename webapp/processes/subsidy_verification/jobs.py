"""The background work of a case: storing an uploaded list (and checking it at once, so the
school sees the flags before it sends the list), and the checks after each submission, which
then tell the waiting case the outcome (message checks_done)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select

from webapp.clock import current_clock
from webapp.errors import RuleViolation
from webapp.extensions import db
from webapp.jobs import enqueue, register
from webapp.jobs.files import remove_settled_files
from webapp.jobs.models import BackgroundJob
from webapp.models import Organisation, ProcessInstance
from webapp.services import instances

from . import checks, recipients
from .models import SubsidyRecipient, SubsidyRound
from .settings_values import rules_for

UPLOAD, CHECK, ROUND_CHECK = "subsidy_recipients", "subsidy_checks", "subsidy_round_checks"


def _case(job: BackgroundJob) -> ProcessInstance:
    """The job's case, locked: one job works on a case at a time (two schedulers may each have
    claimed one of its jobs)."""
    instance_id = job.params.get("instance_id")
    instance = (
        db.session.get(ProcessInstance, instance_id, with_for_update=True) if instance_id else None
    )
    if instance is None or "round_id" not in (instance.data or {}):
        raise RuleViolation("核查事项不存在或不属于任何核查轮次。")
    return instance


def _check(instance: ProcessInstance) -> dict[str, int]:
    round_ = db.session.get(SubsidyRound, instance.data["round_id"])
    return checks.run(round_, rules_for(round_.subsidy_type), instance.id)


@register(UPLOAD)
def store_list(job: BackgroundJob, progress) -> dict:
    remove_settled_files(UPLOAD)  # lists hold names and ID numbers: keep none longer than needed
    progress(0, None, "正在检查名单")
    instance = _case(job)
    if _superseded(job):
        return {"skipped": "该校此后又上传了名单，本次上传不再处理"}
    path = Path(job.params["path"])
    if not path.is_file():
        raise RuleViolation("上传的名单文件已不存在，请重新上传。")
    try:
        rows = recipients.store_file(instance, path, job.params["filename"])
    except recipients.RecipientsRefused as refused:
        raise RuleViolation("\n".join([refused.heading, *refused.problems])) from None
    counts = _check(instance)
    return {"rows": rows, "flags": counts, **recipients.summary(instance.id)}


def _superseded(job: BackgroundJob) -> bool:
    """A newer upload of the same case is queued or done: this older one must not win."""
    newer = (
        select(func.count())
        .select_from(BackgroundJob)
        .where(
            BackgroundJob.kind == UPLOAD,
            BackgroundJob.id > job.id,
            BackgroundJob.params["instance_id"].as_integer() == job.params.get("instance_id"),
        )
    )
    return bool(db.session.scalar(newer))


def _check_and_tell(instance: ProcessInstance) -> dict:
    """Check the case's list; a case that waits for its checks (no open step) is told."""
    counts = _check(instance)
    outcome = recipients.summary(instance.id)
    if instance.status == "running" and not instances.open_items(instance):
        check = {
            "flagged": outcome["flagged"],
            "unanswered": outcome["unanswered"],
            "rows": outcome["rows"],
            "flags": counts,
        }
        instances.deliver_message(instance, "checks_done", check, current_clock())
    return {"flags": counts, **outcome}


@register(CHECK)
def check_case(job: BackgroundJob, progress) -> dict:
    progress(0, None, "正在与学籍库和全省名单比对")
    return _check_and_tell(_case(job))


@register(ROUND_CHECK)
def check_round(job: BackgroundJob, progress) -> dict:
    """Every running case of the round checked again, school by school (after a new registry
    import, say); each school's check is committed as it is done, and doing one again is
    harmless, so a killed worker's successor simply starts over. Signed-off lists stay."""
    round_ = db.session.get(SubsidyRound, job.params.get("round_id"))
    if round_ is None:
        raise RuleViolation("核查轮次不存在。")
    with_rows = select(SubsidyRecipient.instance_id).distinct()
    cases = db.session.execute(
        select(ProcessInstance.id, Organisation.name)
        .join(Organisation, Organisation.id == ProcessInstance.school_id)
        .where(
            ProcessInstance.process_key == "subsidy_verification",
            ProcessInstance.status == "running",
            ProcessInstance.data["round_id"].as_integer() == round_.id,
            ProcessInstance.id.in_(with_rows),
        )
        .order_by(ProcessInstance.id)
    ).all()
    totals: dict[str, int] = {}
    unanswered = 0
    for done, (case_id, name) in enumerate(cases):
        progress(done, len(cases), f"正在比对第 {done + 1}/{len(cases)} 所：{name}")
        instance = db.session.get(ProcessInstance, case_id, with_for_update=True)
        if instance.status != "running":
            continue  # signed off meanwhile: its list stays as signed
        outcome = _check_and_tell(instance)
        for code, count in outcome["flags"].items():
            totals[code] = totals.get(code, 0) + count
        unanswered += outcome["unanswered"]
    progress(len(cases), len(cases), "比对完成")
    return {"schools": len(cases), "flags": totals, "unanswered": unanswered}


def round_check(round_id: int) -> BackgroundJob | None:
    """The round's latest re-check."""
    return db.session.scalar(
        select(BackgroundJob)
        .where(
            BackgroundJob.kind == ROUND_CHECK,
            BackgroundJob.params["round_id"].as_integer() == round_id,
        )
        .order_by(BackgroundJob.id.desc())
        .limit(1)
    )


def pending(instance_id: int) -> bool:
    """Whether a job of the case is queued or running."""
    query = (
        select(func.count())
        .select_from(BackgroundJob)
        .where(
            BackgroundJob.kind.in_((UPLOAD, CHECK)),
            BackgroundJob.state.in_(("queued", "running")),
            BackgroundJob.params["instance_id"].as_integer() == instance_id,
        )
    )
    return bool(db.session.scalar(query))


def queue_checks(instance: ProcessInstance, clock) -> None:
    if not pending(instance.id):
        enqueue(CHECK, {"instance_id": instance.id}, clock, school_id=instance.school_id)
