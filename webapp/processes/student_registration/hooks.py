"""新生学籍注册's work around the engine: the working days a batch has (a setting, copied into
the case when it starts), and a school under an inspection sanction that stops registration may
not record new batches (RULES.md §1.6)."""

from __future__ import annotations

from datetime import date

from webapp.errors import RuleViolation
from webapp.local_time import local_zone
from webapp.models import Organisation
from webapp.models.org import NO_REGISTRATION
from webapp.settings_store import service as settings
from webapp.student_registry.changes import registrations_of


def start_data(_given: dict, _school: Organisation | None) -> dict:
    """The setting the diagram's deadline reads, as it stands when the batch is started."""
    return {"registration_working_days": int(settings.get("registration.working_days"))}


def refuse_suspended_school(school: Organisation | None) -> None:
    if school is None or school.standing not in NO_REGISTRATION:
        return
    since = school.standing_since.astimezone(local_zone()) if school.standing_since else None
    when = f"自 {since.year}年{since.month}月{since.day}日 起" if since else ""
    basis = f"（{school.standing_basis}）" if school.standing_basis else ""
    raise RuleViolation(
        f"{school.name}{when}处于“{school.standing_label}”状态{basis}，不能登记新的入学批次。"
        "整改验收合格、省教育厅解除处理后方可恢复。"
    )


def case_title(data: dict, school: Organisation | None) -> str | None:
    """ "2026年秋季入学新生学籍注册（入学 2026-09-01）－学校" once the batch is recorded."""
    enrolled_on = str(data.get("enrolled_on") or "")
    if not enrolled_on[:4].isdigit():
        return None
    season = {"autumn": "秋季", "spring": "春季"}.get(str(data.get("intake")), "")
    where = f"－{school.name}" if school else ""
    return f"{enrolled_on[:4]}年{season}入学新生学籍注册（入学 {enrolled_on}）{where}"


def rule_context(_today: date, school: Organisation | None, _instance=None) -> dict:
    """The registry lookup the new-student list is checked with."""
    return {"registrations": registrations_of, "own_code": school.code if school else ""}
