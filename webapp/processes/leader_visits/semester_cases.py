"""Opening the semester's cases: once a semester has begun, one case per active school, started
by the process itself from the hourly housekeeping (idempotent: a school that has its case is
skipped), with the semester's dates and the targets as they stand that day.

Why housekeeping and not a timer start event: a timer start makes one instance per version, and
the semesters' dates are settings the province may change; reading them each hour keeps a
changed date effective from the next semester without redeploying the diagram."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from sqlalchemy import select

from webapp.clock import Clock
from webapp.extensions import db
from webapp.local_time import local_date, local_zone
from webapp.models import Organisation
from webapp.models.process import latest_definition
from webapp.services import instances
from webapp.settings_store import service as settings

from .models import LeaderVisitSemester
from .rules import Semester, semester_on
from .settings import semester_dates

KEY = "leader_visits"
# The 登记 loop's bound (ENGINE-NOTES: the task tree stops at depth ~1000; each visit adds a few
# levels). Three leaders need 33 visits at the default targets; 150 leaves room for keen ones.
VISIT_CAP = 150
REMINDER_HOUR = time(9, 0)


def _at(day: date, at: time) -> str:
    return datetime.combine(day, at, local_zone()).isoformat()


def current_semester(clock: Clock) -> Semester | None:
    return semester_on(local_date(clock.now()), semester_dates(settings.all_values()))


def case_data(school: Organisation, semester: Semester) -> dict:
    """What a semester case starts with: dates the timers read, the targets, the loop's bound."""
    values = settings.all_values()
    reminder = semester.reminder_day(int(values["leader_visits.reminder_days"]))
    follow_up = semester.end + timedelta(days=int(values["leader_visits.follow_up_days"]))
    return {
        "school_code": school.code,
        "semester": semester.key,
        "semester_label": semester.label,
        "semester_start": semester.start.isoformat(),
        "semester_last_day": semester.end.isoformat(),
        "semester_end": _at(semester.end, time(23, 59, 59)),
        "reminder_at": _at(reminder, REMINDER_HOUR),
        "follow_up_deadline": _at(follow_up, time(23, 59, 59)),
        "class_target": int(values["leader_visits.class_target"]),
        "site_target": int(values["leader_visits.site_target"]),
        "visits_recorded": 0,
        "visit_cap": VISIT_CAP,
    }


def start_semester(school: Organisation, semester: Semester, clock: Clock) -> LeaderVisitSemester:
    instance = instances.start_by_system(KEY, school, clock, case_data(school, semester))
    row = LeaderVisitSemester(
        school_id=school.id,
        semester=semester.key,
        start=semester.start,
        end=semester.end,
        instance_id=instance.id,
        started_at=clock.now(),
    )
    db.session.add(row)
    db.session.flush()
    return row


def open_semester(clock: Clock) -> list[LeaderVisitSemester]:
    """Start the current semester's case for every active school that has none yet."""
    semester = current_semester(clock)
    if semester is None or latest_definition(KEY) is None:
        return []
    started = set(
        db.session.scalars(
            select(LeaderVisitSemester.school_id).where(
                LeaderVisitSemester.semester == semester.key
            )
        )
    )
    schools = db.session.scalars(
        select(Organisation)
        .where(Organisation.kind == "school", Organisation.active.is_(True))
        .order_by(Organisation.code)
    )
    return [start_semester(s, semester, clock) for s in schools if s.id not in started]


def case_of(instance_id: int) -> LeaderVisitSemester | None:
    return db.session.scalar(
        select(LeaderVisitSemester).where(LeaderVisitSemester.instance_id == instance_id)
    )
