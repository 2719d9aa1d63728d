"""移交纪检: the province records a referral of suspected fraud with its evidence. Only those
who act for the province see it: the case's history does not show it (it is recorded in the
system's audit chain), and its files are kept apart from the case's attachments."""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

from sqlalchemy import select

from webapp import audit
from webapp.clock import Clock
from webapp.errors import NotFound, RuleViolation
from webapp.extensions import db
from webapp.models import ProcessInstance, User
from webapp.models.scope import acts_for_province
from webapp.services import evidence_files

from .models import SubsidyReferral

FOLDER = "referrals"
MAX_FILES = 5


def _only_province(user: User) -> None:
    if not acts_for_province(user):
        raise NotFound("记录不存在或您无权查看。")


def record(
    instance: ProcessInstance,
    reason: str,
    files: list[tuple[BinaryIO, str]],
    user: User,
    clock: Clock,
    upload_dir: str,
) -> SubsidyReferral:
    _only_province(user)
    reason = (reason or "").strip()
    if len(reason) < 10:
        raise RuleViolation("请写明移交的事实和理由（至少 10 个字）。", {"reason": "至少 10 个字"})
    evidence = evidence_files.keep(files, FOLDER, upload_dir, MAX_FILES)
    referral = SubsidyReferral(
        instance_id=instance.id, school_id=instance.school_id, recorded_by_id=user.id,
        recorded_at=clock.now(), reason=reason[:5000], evidence=evidence,
    )  # fmt: skip
    db.session.add(referral)
    db.session.flush()
    audit.record(
        "subsidy_referred",
        clock,
        actor=user,
        subject=f"subsidy_referral:{referral.id}",
        after={"instance": instance.id, "school": instance.school.code, "files": len(evidence)},
    )
    return referral


def of_case(instance: ProcessInstance, user: User) -> list[SubsidyReferral] | None:
    """The case's referrals for one who acts for the province; None for anyone else."""
    if not acts_for_province(user):
        return None
    query = select(SubsidyReferral).where(SubsidyReferral.instance_id == instance.id)
    return list(db.session.scalars(query.order_by(SubsidyReferral.id)))


def evidence_file(referral_id: int, index: int, user: User, upload_dir: str) -> tuple[str, Path]:
    _only_province(user)
    referral = db.session.get(SubsidyReferral, referral_id)
    if referral is None:
        raise NotFound("记录不存在或您无权查看。")
    return evidence_files.path_of(referral.evidence, index, FOLDER, upload_dir)
