"""The internship case the benchmarks share: 20 students, played through the services, then cloned.

The application comes from tests/processes/internship_approval/helpers.py (valid synthetic students and
unit). Guardians answer through their one-time links: the links are read from the consent
service as it opens them, instead of from the letters' PDFs.
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import insert, select

from tests.processes.internship_approval.helpers import application, student
from webapp.extensions import db
from webapp.models import Deadline, Organisation, ProcessInstance, User, WorkItem
from webapp.processes.internship_approval import consents
from webapp.services import case_keys, instances, process_hooks, tasks

KEY = "internship_approval"
STUDENTS = 20
MINORS = 8  # 16-year-olds whose guardians must consent; the others are 18 or over
LEADER = {"leader_decision": "approve", "leader_opinion": "同意，报市教育局备案。"}
CITY = {"city_decision": "approve", "city_reason": "材料齐全，同意备案。"}
CONFIRM = {"agreements_signed": True, "actual_start_date": "2026-04-01"}
FINAL_VISIT = {
    "visit_date": "2026-07-20",
    "visitor": "王老师",
    "visit_findings": "实习期满，学生返校，报酬已按月足额发放。",
    "internship_finished": True,
}


def students(count: int = STUDENTS, minors: int = MINORS) -> list[dict]:
    """The same 20 students every run: adults born in 2007, minors (16) born in 2009."""
    rows = []
    for i in range(count):
        minor = i < minors
        born = date(2009, 5, 1) if minor else date(2007, 2, 1)
        rows.append(student(f"学生{i + 1:02d}", born + timedelta(days=7 * i)))
    return rows


def application_data() -> dict:
    return application(students())


class _TokenTap:
    """Records the raw token of each consent link the service opens (it keeps only hashes)."""

    def __init__(self) -> None:
        self.tokens: list[str] = []
        self._original = consents.open_request

    def __enter__(self) -> _TokenTap:
        def open_request(*args, **kwargs):
            request, token = self._original(*args, **kwargs)
            self.tokens.append(token)
            return request, token

        consents.open_request = open_request
        return self

    def __exit__(self, *exc) -> None:
        consents.open_request = self._original


def open_item(instance_id: int, spec_id: str) -> WorkItem:
    return db.session.scalar(
        select(WorkItem).where(
            WorkItem.instance_id == instance_id,
            WorkItem.spec_id == spec_id,
            WorkItem.status == "open",
        )
    )


def complete_open(instance_id: int, spec_id: str, user: User, data: dict, app, clock) -> None:
    item = open_item(instance_id, spec_id)
    tasks.complete(item.id, user, data, clock, app.config["FORMS_DIR"])
    db.session.commit()


def start_and_submit(app, clock, school_user: User) -> int:
    """Start a case and submit the application; guardians answer by link. Ready: leader."""
    instance = instances.start(KEY, school_user, clock, {})
    db.session.commit()
    with _TokenTap() as tap:
        complete_open(
            instance.id, "submit_application", school_user, application_data(), app, clock
        )
    for token in tap.tokens:
        consents.answer_by_link(token, "agree", "", clock, "127.0.0.1", "bench")
        db.session.commit()
    return instance.id


def play_to_end(app, clock, school_user: User, city_user: User) -> int:
    """One case from start to its closing visit, every actor through the services."""
    instance_id = start_and_submit(app, clock, school_user)
    complete_open(instance_id, "leader_approval", school_user, LEADER, app, clock)
    complete_open(instance_id, "city_review", city_user, CITY, app, clock)
    complete_open(instance_id, "confirm_start", school_user, CONFIRM, app, clock)
    complete_open(instance_id, "record_visit", school_user, FINAL_VISIT, app, clock)
    return instance_id


INSTANCE_COLUMNS = ("definition_id", "process_key", "status", "state", "data", "created_at")
ITEM_COLUMNS = [
    "task_id",
    "spec_id",
    "name",
    "process_key",
    "form_key",
    "lane",
    "role",
    "candidate_user_id",
    "status",
    "due_at",
    "created_at",
    "due_provisional",
    "due_basis",
    "escalation",
]
DEADLINE_COLUMNS = [
    "kind",
    "label",
    "task_id",
    "spec_id",
    "process_key",
    "due_at",
    "status",
    "provisional",
    "basis",
    "attempts",
    "created_at",
]


def clone(instance_id: int, schools: list[Organisation], count: int) -> list[int]:
    """`count` copies of the instance (runtime state, open work items, pending deadlines), spread
    round-robin over `schools`, the way tests/scheduler/test_many_schedulers.py clones. Returns
    the new open work item ids, in the order of the copies."""
    source = db.session.get(ProcessInstance, instance_id)
    base = {c: getattr(source, c) for c in INSTANCE_COLUMNS}
    placed = [schools[i % len(schools)] for i in range(count)]
    new_ids = db.session.scalars(
        insert(ProcessInstance).returning(ProcessInstance.id, sort_by_parameter_order=True),
        [
            dict(
                base,
                title=f"学生实习审批－{school.name}",
                school_id=school.id,
                city_id=school.parent_id,
                starter_id=source.starter_id,
                lock_version=1,
                updated_at=source.updated_at,
            )
            for school in placed
        ],
    ).all()
    titles = _number_and_title(new_ids, placed)
    item_ids = _clone_items(instance_id, new_ids, placed, titles)
    db.session.commit()
    return item_ids


def _number_and_title(new_ids: list[int], placed: list[Organisation]) -> list[str]:
    """Each copy gets its own case number and the title the product gives it (a copy whose title
    differed would be retitled on its first step, which is not what a step costs)."""
    titles = []
    for new_id, school in zip(new_ids, placed, strict=True):
        copy = db.session.get(ProcessInstance, new_id)
        copy.business_key = case_keys.business_key(copy)
        base = process_hooks.case_title(KEY, copy.data or {}, school) or copy.title
        copy.title = case_keys.titled(base, copy.business_key)
        titles.append(copy.title)
    db.session.flush()
    return titles


def _clone_items(
    instance_id: int, new_ids: list[int], placed: list[Organisation], titles: list[str]
) -> list[int]:
    items = db.session.scalars(
        select(WorkItem).where(WorkItem.instance_id == instance_id, WorkItem.status == "open")
    ).all()
    item_ids: list[int] = []
    for item in items:
        fields = {c: getattr(item, c) for c in ITEM_COLUMNS}
        copies = db.session.scalars(
            insert(WorkItem).returning(WorkItem.id, sort_by_parameter_order=True),
            [
                dict(
                    fields,
                    instance_id=new_id,
                    school_id=school.id,
                    city_id=school.parent_id,
                    title=title,
                )
                for new_id, school, title in zip(new_ids, placed, titles, strict=True)
            ],
        ).all()
        item_ids += copies
        _clone_deadlines(item.id, copies, new_ids, placed)
    return item_ids


def _clone_deadlines(
    item_id: int, copies: list[int], new_ids: list[int], placed: list[Organisation]
) -> None:
    rows = db.session.scalars(
        select(Deadline).where(Deadline.work_item_id == item_id, Deadline.status == "pending")
    ).all()
    for row in rows:
        fields = {c: getattr(row, c) for c in DEADLINE_COLUMNS}
        db.session.execute(
            insert(Deadline),
            [
                dict(
                    fields,
                    instance_id=new_id,
                    work_item_id=copy,
                    school_id=school.id,
                    city_id=school.parent_id,
                )
                for copy, new_id, school in zip(copies, new_ids, placed, strict=True)
            ],
        )
