"""A verification round (one term, one subsidy type), each school's recipient rows and the
flags the set-based checks give them."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import JSON, ForeignKey, Index, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from webapp.extensions import db
from webapp.models.types import UTCDateTime


class SubsidyRound(db.Model):
    __tablename__ = "subsidy_round"
    __table_args__ = (UniqueConstraint("term", "subsidy_type", name="uq_subsidy_round_term_type"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    term: Mapped[str] = mapped_column(String(20))  # 2026秋
    subsidy_type: Mapped[str] = mapped_column(String(20))  # 国家助学金 / 免学费
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime)
    opened_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    @property
    def label(self) -> str:
        return f"{self.term}季学期{self.subsidy_type}"


class SubsidyRecipient(db.Model):
    """A row of a school's list for a round. `removed` rows stay (the removed list is an
    output); `explanation` and `evidence` are the school's answer to the row's flags."""

    __tablename__ = "subsidy_recipient"
    __table_args__ = (
        Index("ix_subsidy_recipient_round_id_number", "round_id", "id_number"),
        Index("ix_subsidy_recipient_case", "instance_id", "line"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("subsidy_round.id"))
    instance_id: Mapped[int] = mapped_column(ForeignKey("process_instance.id"))
    school_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"))
    line: Mapped[int] = mapped_column()
    student_no: Mapped[str] = mapped_column(String(32))
    id_number: Mapped[str] = mapped_column(String(18))
    name: Mapped[str] = mapped_column(String(50))
    grade: Mapped[int] = mapped_column()
    major_code: Mapped[str] = mapped_column(String(6))
    subsidy_type: Mapped[str] = mapped_column(String(20))
    tier: Mapped[str] = mapped_column(String(20), default="")
    amount: Mapped[Decimal] = mapped_column(Numeric(10, 2))
    hardship: Mapped[bool] = mapped_column(default=False)
    removed: Mapped[bool] = mapped_column(default=False)
    explanation: Mapped[str] = mapped_column(Text, default="")
    # The flag codes the explanation answered: a later check that adds another flag asks again.
    answered_codes: Mapped[str] = mapped_column(String(300), default="", server_default="")
    evidence_id: Mapped[int | None] = mapped_column(ForeignKey("attachment.id"))


class SubsidyFlag(db.Model):
    __tablename__ = "subsidy_flag"
    __table_args__ = (Index("ix_subsidy_flag_recipient", "recipient_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    recipient_id: Mapped[int] = mapped_column(
        ForeignKey("subsidy_recipient.id", ondelete="CASCADE")
    )
    code: Mapped[str] = mapped_column(String(32))
    reason: Mapped[str] = mapped_column(String(300))


class SubsidyReferral(db.Model):
    """A referral of suspected fraud (套取资金) to the discipline inspection body (移交纪检):
    what and why, with its evidence files; for provincial officials only."""

    __tablename__ = "subsidy_referral"

    id: Mapped[int] = mapped_column(primary_key=True)
    instance_id: Mapped[int] = mapped_column(ForeignKey("process_instance.id"), index=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"))
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime)
    reason: Mapped[str] = mapped_column(Text)
    # [{"filename", "storage", "sha256", "size"}]: files under UPLOAD_DIR/referrals/
    evidence: Mapped[list] = mapped_column(JSON, default=list)
