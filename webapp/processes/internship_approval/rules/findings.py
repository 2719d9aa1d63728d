"""What the internship rules report: blocks that stop submission, warnings the reviewer sees."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Block:
    """One reason the application cannot be submitted; `field` is the form path to mark."""

    rule: str
    message: str
    field: str | None = None
    student_index: int | None = None


@dataclass(frozen=True)
class ReviewWarning:
    """Something the reviewer must see before approving; it does not stop submission.

    (Not named Warning, which would shadow the built-in exception class.)"""

    rule: str
    message: str
    field: str | None = None
    student_index: int | None = None
