"""The kinds of 学籍异动 (policy §9), the registration status each needs, and the new status."""

from __future__ import annotations

STUDYING, SUSPENDED = "在籍在校", "休学"

KINDS = {
    "repeat_grade": "留级",
    "transfer": "转学",
    "change_major": "转专业",
    "suspend": "休学",
    "resume": "复学",
    "withdraw": "退学",
    "cancel": "注销学籍",
    "death": "死亡",
}
# The statuses a registration may have for the change: only a student on 休学 resumes; one who
# is studying or on 休学 may leave; the rest change a student who is studying.
REQUIRES = {
    "resume": (SUSPENDED,),
    "withdraw": (STUDYING, SUSPENDED),
    "cancel": (STUDYING, SUSPENDED),
    "death": (STUDYING, SUSPENDED),
}
# The status a registration has afterwards (the others keep theirs).
NEW_STATUS = {
    "transfer": "转出",
    "suspend": SUSPENDED,
    "resume": STUDYING,
    "withdraw": "退学",
    "cancel": "注销",
    "death": "死亡",
}
MAX_RETURNS = 5  # a city returns a change for correction at most this many times


def required_statuses(kind: str) -> tuple[str, ...]:
    return REQUIRES.get(kind, (STUDYING,))


def registry_updates(kind: str, data: dict, target_agricultural: bool | None) -> dict:
    """The registration's new field values once the change is approved."""
    updates: dict = {}
    if kind in NEW_STATUS:
        updates["status"] = NEW_STATUS[kind]
    if kind == "repeat_grade":
        updates["grade"] = data.get("new_grade")
    if kind == "change_major":
        updates["major_code"] = data.get("target_major_code")
        if target_agricultural is not None:
            updates["agricultural"] = target_agricultural
    return updates
