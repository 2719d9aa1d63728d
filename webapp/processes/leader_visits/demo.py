"""Demo 校领导听课与实习巡查: the current semester's cases of the two demo schools, one with every
leader on target and one whose teaching vice-principal is behind (6 of 10 classes, no internship
site). In the holidays: the next semester's case of the demo school, with nothing recorded yet."""

from __future__ import annotations

from datetime import date, timedelta

from webapp.cli.demo_cases import demo_user, first_task
from webapp.clock import Clock
from webapp.services import tasks
from webapp.settings_store import service as settings

from .rules import semester_of
from .semester_cases import current_semester, start_semester
from .settings import semester_dates

PLANS = {  # leader: (classes, internship sites)
    "school": {"secretary": (10, 1), "principal": (10, 1), "teaching_vp": (6, 0)},
    "school2": {"secretary": (10, 1), "principal": (11, 1), "teaching_vp": (12, 2)},
}


def _visit(leader: str, kind: str, day: date, number: int) -> dict:
    if kind == "class":
        return {"leader": leader, "kind": "class", "visit_date": day.isoformat(),
                "course": "机械制图", "class_name": f"机电23{number:02d}班", "teacher": "王老师",
                "notes": "课堂组织有序，建议增加实操演示。"}  # fmt: skip
    return {"leader": leader, "kind": "site", "visit_date": day.isoformat(),
            "enterprise": "沈阳华晨汽车零部件有限公司", "notes": "实习岗位与专业对口，住宿安全。"}  # fmt: skip


def _record(
    instance, username: str, start: date, today: date, clock: Clock, forms_dir: str
) -> None:
    user = demo_user(username)
    span = max((today - start).days, 0)
    number = 0
    for leader, (classes, sites) in PLANS[username].items():
        for kind, times in (("class", classes), ("site", sites)):
            for _ in range(times):
                number += 1
                day = start + timedelta(days=number * span // 40)
                tasks.complete(first_task(instance).id, user, _visit(leader, kind, day, number),
                               clock, forms_dir)  # fmt: skip


def load(today: date, clock: Clock, forms_dir: str) -> int:
    semester = current_semester(clock)
    school = demo_user("school").org
    if semester is None:
        dates = semester_dates(settings.all_values())
        upcoming = min(
            (semester_of(season, today.year, dates) for season in ("autumn", "spring")),
            key=lambda s: (s.start < today, s.start),
        )
        start_semester(school, upcoming, clock)
        return 1
    for username in PLANS:
        row = start_semester(demo_user(username).org, semester, clock)
        _record(row.instance, username, semester.start, today, clock, forms_dir)
    return len(PLANS)
