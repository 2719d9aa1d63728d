"""The sanction ladder for schools that refuse to rectify (拒不整改, RULES §1.6) and the school
standing vocabulary that later decides whether a school may enroll or register new students.

One rung per further missed deadline: 缩减招生计划 → 暂停新生学籍注册 → 停止招生, which then stays.
取缔招生资格 (RULES §1.7) is not a rung: it follows from the grade at once, and no rung lessens it.
"""

from __future__ import annotations

from dataclasses import dataclass

from webapp.processes.annual_inspection.rules.grading import REVOKED
from webapp.processes.annual_inspection.settings import SETTINGS

NORMAL = ""  # as stored in Organisation.standing (webapp/models/org.py)
ENROLLMENT_CUT = "enrollment_cut"
REGISTRATION_SUSPENDED = "registration_suspended"
ENROLLMENT_STOPPED = "enrollment_stopped"
ENROLLMENT_REVOKED = "enrollment_revoked"

STANDINGS: dict[str, str] = {
    NORMAL: "正常",
    ENROLLMENT_CUT: "缩减招生计划",
    REGISTRATION_SUSPENDED: "暂停新生学籍注册",
    ENROLLMENT_STOPPED: "停止招生",
    ENROLLMENT_REVOKED: "取缔招生资格",
}
LADDER = (ENROLLMENT_CUT, REGISTRATION_SUSPENDED, ENROLLMENT_STOPPED)
DEFAULT_CUT_PERCENT = SETTINGS["inspection.enrollment_cut_percent"].default

# What each standing forbids: enrolling new students at all, and registering new 学籍.
NO_ENROLLMENT = frozenset({ENROLLMENT_STOPPED, ENROLLMENT_REVOKED})
NO_NEW_REGISTRATION = frozenset({REGISTRATION_SUSPENDED, *NO_ENROLLMENT})


@dataclass(frozen=True)
class Rung:
    standing: str  # one of LADDER (or ENROLLMENT_REVOKED, which stays)
    step: int  # 1, 2, 3 on the ladder; 0 for a revoked school
    cut_percent: int | float | None = None  # only for ENROLLMENT_CUT

    @property
    def label(self) -> str:
        return rung_label(self.standing, self.cut_percent)


def next_rung(current_standing: str | None, cut_percent: int | float | None = None) -> Rung:
    """The rung after `current_standing` (None or "": the first rung). `cut_percent` is
    the inspection.enrollment_cut_percent setting, used only for the first rung."""
    standing = current_standing or NORMAL
    if standing not in STANDINGS:
        raise ValueError(f"unknown school standing {current_standing!r}")
    if standing == ENROLLMENT_REVOKED:
        return Rung(ENROLLMENT_REVOKED, 0)
    following = LADDER[min(_step(standing), len(LADDER) - 1)]
    percent = (cut_percent or DEFAULT_CUT_PERCENT) if following == ENROLLMENT_CUT else None
    return Rung(following, _step(following), percent)


def rung_label(standing: str, cut_percent: int | float | None = None) -> str:
    """ "缩减招生计划 20%", "暂停新生学籍注册", "停止招生"; works for any standing."""
    label = STANDINGS.get(standing)
    if label is None:
        raise ValueError(f"unknown school standing {standing!r}")
    if standing == ENROLLMENT_CUT and cut_percent is not None:
        return f"{label}{cut_percent:g}%"
    return label


def may_enroll(standing: str | None) -> bool:
    return (standing or NORMAL) not in NO_ENROLLMENT


def may_register_new_students(standing: str | None) -> bool:
    """False once registration is suspended, enrollment stopped or revoked (RULES §1.6–1.7)."""
    return (standing or NORMAL) not in NO_NEW_REGISTRATION


def standing_after_grade(grade: str, current_standing: str | None) -> str:
    """取缔招生资格 revokes at once; any other grade leaves the standing as it was (sanctions
    come only from the ladder)."""
    if grade == REVOKED:
        return ENROLLMENT_REVOKED
    return current_standing or NORMAL


def _step(standing: str) -> int:
    return LADDER.index(standing) + 1 if standing in LADDER else 0
