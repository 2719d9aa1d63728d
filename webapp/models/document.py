"""Issued documents: PDFs the system generated, each checkable by anyone at /verify/<code>.

What is public: anyone holding a printed copy can open /verify/<code> and see `kind`, `title`,
`doc_number`, `issuer`, the issue date, the school's name and `subject`. So those columns must
never carry personal data: no student or guardian names, no ID numbers, no phone numbers. A
per-student tripartite agreement is titled "学生岗位实习三方协议" and its subject names the school,
the unit and the period, never the student; the student's details live only inside the PDF, which
is served to signed-in users who may see its case (`webapp.documents.access`).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Select, String, select
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.extensions import db
from webapp.processes.registry import current as installed_processes

from .org import Organisation
from .types import UTCDateTime


class IssuedDocument(db.Model):
    __tablename__ = "issued_document"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(40), index=True)
    title: Mapped[str] = mapped_column(String(300))
    doc_number: Mapped[str] = mapped_column(String(100), default="")
    verification_code: Mapped[str] = mapped_column(String(16), unique=True)
    instance_id: Mapped[int | None] = mapped_column(ForeignKey("process_instance.id"), index=True)
    school_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"), index=True)
    issuer: Mapped[str] = mapped_column(String(200))
    subject: Mapped[str] = mapped_column(String(300), default="")
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime)
    sha256: Mapped[str] = mapped_column(String(64))
    # A file under UPLOAD_DIR/documents/, outside the web root; served only through a scoped view.
    storage_name: Mapped[str] = mapped_column(String(100), unique=True)
    size: Mapped[int]
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    school: Mapped[Organisation | None] = relationship()

    @property
    def kind_label(self) -> str:
        kind = installed_processes().documents().get(self.kind)
        return kind.label if kind else self.kind

    @property
    def revoked(self) -> bool:
        return self.revoked_at is not None

    def __repr__(self) -> str:
        return f"<IssuedDocument {self.id} {self.kind} {self.verification_code}>"


def by_verification_code(code: str) -> Select:
    """The document with this (already normalised) code."""
    return select(IssuedDocument).where(IssuedDocument.verification_code == code)


def for_instance(instance_id: int) -> Select:
    """A case's documents, oldest first (for its page and the school's 文件 list)."""
    return (
        select(IssuedDocument)
        .where(IssuedDocument.instance_id == instance_id)
        .order_by(IssuedDocument.issued_at, IssuedDocument.id)
    )
