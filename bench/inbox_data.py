"""A season's work items for the inbox benchmark, generated from a seed and bulk-loaded.

300 schools in the 14 cities of liaoning-cities.csv; cases of the three processes at every stage:
finished ones (all their items done), running ones (the last item open, sometimes claimed).
About 5 % of the items are open: a season of ~385,000 cases (about 1,000 a day), each with one
item open for a week or two at a time, leaves 1-2 % open; 5 % leaves room for backlogs.
PostgreSQL is loaded with COPY, SQLite with executemany on the raw connection; both then hold
exactly the same rows.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

NOW = datetime(2026, 11, 2, 2, 0, tzinfo=UTC)
# process -> steps (spec id, name, lane); a case goes through a prefix of them.
PROCESSES = {
    "school_report": [
        ("submit_report", "填报办学情况", "school"),
        ("city_review", "市教育局审核", "city"),
        ("province_review", "省教育厅审核", "province"),
    ],
    "student_registration": [
        ("register_students", "新生学籍注册", "school"),
        ("city_check", "市教育局核查", "city"),
        ("province_confirm", "省教育厅确认", "province"),
        ("rectify", "整改并重新报送", "school"),
    ],
    "internship_approval": [
        ("submit_application", "填写实习申请", "school"),
        ("leader_approval", "学校领导审批", "school"),
        ("city_review", "市教育局审核备案", "city"),
        ("confirm_start", "三方协议已签署，确认开始实习", "school"),
        ("record_visit", "实习巡查记录", "school"),
    ],
}
ROLES = {"school": "school_staff", "city": "city_official", "province": "provincial_official"}
NAMES = {"school_report": "办学情况报送", "student_registration": "新生学籍注册"}
NAMES["internship_approval"] = "学生实习审批"
RUNNING_SHARE = 0.13  # running cases; their last item is open (about 5 % of the items)
CLAIMED_SHARE = 0.1

INSTANCE_COLUMNS = [
    "id",
    "definition_id",
    "process_key",
    "title",
    "school_id",
    "city_id",
    "starter_id",
    "status",
    "state",
    "data",
    "lock_version",
    "created_at",
    "updated_at",
    "completed_at",
]
ITEM_COLUMNS = [
    "id",
    "instance_id",
    "task_id",
    "spec_id",
    "name",
    "process_key",
    "form_key",
    "lane",
    "role",
    "school_id",
    "city_id",
    "assignee_id",
    "status",
    "due_at",
    "created_at",
    "claimed_at",
    "completed_at",
    "completed_by_id",
    "title",
    "due_provisional",
    "escalation",
]


class Season:
    """Generates (instance rows, item rows) until `items` work items exist."""

    def __init__(
        self,
        items: int,
        schools: list,
        definitions: dict,
        users: dict,
        seed: int = 6,
        after: tuple[int, int] = (0, 0),
    ):
        self.target = items
        self.after = after  # (instances, items) already loaded: ids continue from there
        self.schools = schools  # (id, city id, name)
        self.definitions = definitions  # process key -> definition id
        self.users = users  # ("school", school id) / ("city", city id) / ("province", None) -> id
        self.rng = random.Random(seed)
        # Some schools are much bigger than others (a Zipf-like spread of cases).
        weights = [1 / (rank + 10) for rank in range(len(schools))]
        self.cum_weights = [sum(weights[: i + 1]) for i in range(len(weights))]

    def _user(self, lane: str, school: tuple) -> int:
        org = {"school": school[0], "city": school[1], "province": None}[lane]
        return self.users[(lane, org)]

    def rows(self) -> Iterator[tuple[tuple, list[tuple]]]:
        rng, made = self.rng, 0
        instance_id, item_id = self.after
        while made < self.target:
            instance_id += 1
            process = rng.choices(list(PROCESSES), weights=(3, 2, 5))[0]
            steps = PROCESSES[process]
            school = rng.choices(self.schools, cum_weights=self.cum_weights)[0]
            running = rng.random() < RUNNING_SHARE
            depth = rng.randint(1, len(steps))
            started = NOW - timedelta(days=rng.uniform(0, 30 if running else 330) + 2 * depth)
            items = []
            for index, (spec, name, lane) in enumerate(steps[:depth]):
                item_id += 1
                is_open = running and index == depth - 1
                items.append(
                    self._item(
                        item_id,
                        instance_id,
                        process,
                        spec,
                        name,
                        lane,
                        school,
                        started + timedelta(days=2 * index),
                        is_open,
                    )
                )
            made += len(items)
            title = f"{NAMES[process]}－{school[2]}"
            finished = None if running else items[-1][16]
            yield (
                (
                    instance_id,
                    self.definitions[process],
                    process,
                    title,
                    school[0],
                    school[1],
                    self._user("school", school),
                    "running" if running else "completed",
                    "",
                    "{}",
                    1,
                    started,
                    items[-1][14],
                    finished,
                ),
                items,
            )

    def _item(self, item_id, instance_id, process, spec, name, lane, school, created, is_open):
        rng = self.rng
        due = (
            created + timedelta(days=rng.choice((3, 5, 7, 10, 15))) if rng.random() < 0.9 else None
        )
        claimed = is_open and rng.random() < CLAIMED_SHARE
        actor = self._user(lane, school)
        done_at = None if is_open else created + timedelta(hours=rng.uniform(1, 24 * 8))
        status = "open" if is_open else ("cancelled" if rng.random() < 0.03 else "completed")
        escalation = "overdue" if is_open and due and due < NOW else ""
        return (
            item_id,
            instance_id,
            str(uuid.UUID(int=rng.getrandbits(128))),
            spec,
            name,
            process,
            spec,
            lane,
            ROLES[lane],
            school[0],
            school[1],
            actor if claimed else None,
            status,
            due,
            created,
            created + timedelta(hours=1) if claimed else None,
            done_at,
            actor if status == "completed" else None,
            f"{NAMES[process]}－{school[2]}",
            False,
            escalation,
        )


def _naive(value):
    return value.astimezone(UTC).replace(tzinfo=None) if isinstance(value, datetime) else value


def _sqlite_value(value):
    value = _naive(value)
    return (
        value.isoformat(sep=" ", timespec="microseconds") if isinstance(value, datetime) else value
    )


def load(engine, season: Season, batch: int = 20000) -> tuple[int, int]:
    """Bulk-load the season; returns (instances, items)."""
    counts = [0, 0]
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        if engine.dialect.name == "postgresql":
            _copy(cursor, season, counts)
        else:
            _executemany(cursor, season, counts, batch)
        raw.commit()
    finally:
        raw.close()
    return counts[0], counts[1]


def _copy(cursor, season: Season, counts: list[int]) -> None:
    instances, items = [], []
    for instance, rows in season.rows():
        instances.append(tuple(_naive(v) for v in instance))
        items.extend(tuple(_naive(v) for v in row) for row in rows)
    with cursor.copy(f"COPY process_instance ({', '.join(INSTANCE_COLUMNS)}) FROM STDIN") as copy:
        for row in instances:
            copy.write_row(row)
    with cursor.copy(f"COPY work_item ({', '.join(ITEM_COLUMNS)}) FROM STDIN") as copy:
        for row in items:
            copy.write_row(row)
    counts[:] = [len(instances), len(items)]


def _executemany(cursor, season: Season, counts: list[int], batch: int) -> None:
    instance_sql = _insert_sql("process_instance", INSTANCE_COLUMNS)
    item_sql = _insert_sql("work_item", ITEM_COLUMNS)
    instances, items = [], []
    for instance, rows in season.rows():
        instances.append(tuple(_sqlite_value(v) for v in instance))
        items.extend(tuple(_sqlite_value(v) for v in row) for row in rows)
        if len(items) >= batch:
            _flush(cursor, instance_sql, item_sql, instances, items, counts)
    _flush(cursor, instance_sql, item_sql, instances, items, counts)


def _insert_sql(table: str, columns: list[str]) -> str:
    marks = ", ".join("?" for _ in columns)
    return f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})"  # noqa: S608


def _flush(cursor, instance_sql, item_sql, instances: list, items: list, counts: list) -> None:
    cursor.executemany(instance_sql, instances)
    cursor.executemany(item_sql, items)
    counts[0] += len(instances)
    counts[1] += len(items)
    instances.clear()
    items.clear()
