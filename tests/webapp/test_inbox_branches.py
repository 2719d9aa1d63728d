"""待办 read as one branch per way of being a candidate: the same rows, in the same order, as
the plain rule (`may_act`), page after page; a count that stops at its cap; and plans that read
indexes, never the whole work item table, on SQLite and PostgreSQL."""

from __future__ import annotations

import random
import re
from datetime import timedelta

import pytest
from sqlalchemy import event, insert, select

from tests.helpers import inbox as api_inbox
from webapp.extensions import db
from webapp.models import Organisation, ProcessDefinition, ProcessInstance, User, WorkItem
from webapp.models import inbox as inbox_module
from webapp.models.inbox import InboxFilter, inbox, inbox_count
from webapp.models.scope import may_act

ROLES = ["school_staff", "city_official", "provincial_official", "expert"]
USERS = ["school", "school2", "city", "city2", "province", "expert", "admin"]


def _seed(clock, rows: int, seed: int = 7) -> None:
    """`rows` work items over the demo's schools and users, every way of being a candidate
    mixed: role items, named items, claimed items, closed items, due dates set and unset."""
    rng = random.Random(seed)
    schools = db.session.scalars(select(Organisation).where(Organisation.kind == "school")).all()
    users = db.session.scalars(select(User)).all()
    definition = db.session.scalars(select(ProcessDefinition)).first()
    instance_id = db.session.scalar(
        insert(ProcessInstance)
        .values(
            definition_id=definition.id,
            process_key=definition.key,
            status="running",
            state="{}",
            created_at=clock.now(),
            updated_at=clock.now(),
            title="测试",
        )
        .returning(ProcessInstance.id)
    )
    items = []
    for i in range(rows):
        school = rng.choice(schools)
        way = rng.random()
        items.append(
            {
                "instance_id": instance_id,
                "task_id": f"t{i}",
                "spec_id": "review",
                "name": rng.choice(["审核", "复核", "批复"]),
                "process_key": rng.choice(["school_report", "internship_approval"]),
                "form_key": "review",
                "role": rng.choice(ROLES),
                "school_id": school.id,
                "city_id": school.parent_id,
                "candidate_user_id": rng.choice(users).id if way < 0.2 else None,
                "assignee_id": rng.choice(users).id if 0.2 <= way < 0.35 else None,
                "status": "open" if rng.random() < 0.8 else "completed",
                # Some share a due time, so the id must break ties alike everywhere.
                "due_at": None
                if rng.random() < 0.2
                else clock.now() + timedelta(days=rng.randint(-5, 5)),
                "created_at": clock.now() - timedelta(minutes=rng.randint(0, 50)),
                "title": f"案件{i:04d}",
            }
        )
    if items:
        db.session.execute(insert(WorkItem), items)
    db.session.commit()


def _stamp(moment) -> float:
    return moment.timestamp() if moment is not None else 0.0


# The order each sort promises, written plainly: items without a due date come last.
PYTHON_ORDER = {
    "due": lambda i: (i.due_at is None, _stamp(i.due_at), i.id),
    "-due": lambda i: (i.due_at is None, -_stamp(i.due_at), -i.id),
    "created": lambda i: (_stamp(i.created_at), i.id),
    "-created": lambda i: (-_stamp(i.created_at), -i.id),
    "name": lambda i: (i.name, i.id),
}


@pytest.mark.parametrize("sort", ["due", "-due", "created", "-created", "name"])
def test_every_page_holds_what_the_rule_allows_in_the_order_asked(deployed, clock, sort):
    with deployed.app_context():
        _seed(clock, 400)
        all_open = db.session.scalars(select(WorkItem).where(WorkItem.status == "open")).all()
        for username in USERS:
            user = db.session.scalar(select(User).where(User.username == username))
            allowed = [
                item
                for item in all_open
                if may_act(user, item) and item.assignee_id in (None, user.id)
            ]
            expected = [item.id for item in sorted(allowed, key=PYTHON_ORDER[sort])]
            seen, page = [], 1
            while True:
                result = inbox(user, InboxFilter(sort=sort), clock.now(), page=page, size=7)
                seen += [item.id for item in result.items]
                assert result.total == len(allowed) and not result.capped
                if not result.has_next:
                    break
                page += 1
            assert seen == expected, (username, sort)


def test_an_item_naming_someone_else_is_not_in_the_inbox_of_the_others_of_that_role(
    deployed, api, clock
):
    with deployed.app_context():
        _seed(clock, 0)
        school = db.session.scalar(select(Organisation).where(Organisation.code == "21010001"))
        city_official = db.session.scalar(select(User).where(User.username == "city"))
        province = db.session.scalar(select(User).where(User.username == "province"))
        instance_id = db.session.scalar(select(ProcessInstance.id))
        db.session.add(
            WorkItem(
                instance_id=instance_id,
                task_id="named",
                spec_id="review",
                name="指定复核",
                process_key="school_report",
                form_key="review",
                role="city_official",
                school_id=school.id,
                city_id=school.parent_id,
                candidate_user_id=province.id,
                status="open",
                created_at=clock.now(),
            )
        )
        db.session.commit()
        assert inbox(city_official, InboxFilter(), clock.now()).items == []
    assert api_inbox(api("city")) == []
    assert [item["name"] for item in api_inbox(api("province"))] == ["指定复核"]


def test_the_count_stops_at_its_cap_and_the_pages_go_on(deployed, api, clock, monkeypatch):
    monkeypatch.setattr(inbox_module, "COUNT_CAP", 5)
    with deployed.app_context():
        _seed(clock, 200)
        province = db.session.scalar(select(User).where(User.username == "province"))
        first = inbox(province, InboxFilter(), clock.now(), size=4)
        assert (first.total, first.capped, first.has_next) == (5, True, True)
        assert inbox_count(province, InboxFilter(), clock.now()) == (5, True)
        assert inbox_count(province, InboxFilter(text="不存在"), clock.now()) == (0, False)
    listed = api("province").get("/api/v1/tasks", query_string={"size": 4}).get_json()
    assert (listed["total"], listed["total_capped"]) == (5, True)


# --- plans ------------------------------------------------------------------------------------

QUERIES = {
    "first page": InboxFilter(),
    "filtered page": InboxFilter(process="school_report", overdue=True),
    "by school": InboxFilter(sort="-due"),
}


def _statements(user, f: InboxFilter, now) -> list[tuple[str, object]]:
    seen = []

    def capture(conn, cursor, statement, parameters, context, executemany):
        seen.append((statement, parameters))

    event.listen(db.engine, "before_cursor_execute", capture)
    try:
        inbox(user, f, now)
        inbox_count(user, f, now)
    finally:
        event.remove(db.engine, "before_cursor_execute", capture)
    return [(s, p) for s, p in seen if re.search(r"FROM work_item\b", s)]


def _plan(statement: str, parameters) -> str:
    connection = db.session.connection()
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql("SET LOCAL enable_seqscan = off")
        rows = connection.exec_driver_sql("EXPLAIN " + statement, parameters).all()
        return "\n".join(row[0] for row in rows)
    rows = connection.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters).all()
    return "\n".join(row[-1] for row in rows)


def test_no_inbox_query_reads_the_whole_work_item_table(deployed, clock):
    """On PostgreSQL sequential scans are switched off for the check, so a plan that still has
    one has no index to use; on SQLite (no statistics, as in production) a full scan shows as
    `SCAN work_item`, and a sort of a whole branch as a temporary B-tree inside it."""
    with deployed.app_context():
        _seed(clock, 300)
        for username in ["school", "city", "province", "expert"]:
            user = db.session.scalar(select(User).where(User.username == username))
            for name, f in QUERIES.items():
                for statement, parameters in _statements(user, f, clock.now()):
                    plan = _plan(statement, parameters)
                    where = f"{username}, {name}:\n{statement}\n{plan}"
                    assert "Seq Scan on work_item" not in plan, where
                    assert not re.search(r"SCAN work_item(?! USING)", plan), where
                    assert not re.search(
                        r"SCAN work_item USING INDEX (?!ix_work_item_open)", plan
                    ), where
                db.session.rollback()
