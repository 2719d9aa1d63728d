"""Reading the dashboard's GET parameters into a DeadlineFilter, shared by page, export and API.

A bad value never fails the request: it is left out of the filter and explained in Chinese
(the page shows the explanations; the API answers 422 with them).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from webapp.clock import current_clock
from webapp.extensions import db
from webapp.local_time import local_zone
from webapp.models import Organisation, ProcessDefinition, User
from webapp.models.process import process_names
from webapp.models.scope import supervised_cities, visible_schools
from webapp.models.supervision import (
    ESCALATION_FILTERS,
    SORTS,
    STATES,
    DeadlineFilter,
    Today,
)
from webapp.request_args import parse_int
from webapp.workdays.service import load_calendar

MAX_TEXT = 100
SORT_LABELS = {"due": "截止日期", "left": "剩余工作日", "school": "学校", "city": "城市"}


@dataclass(frozen=True)
class Choices:
    """What the user may pick from: processes by key, schools and (province only) cities."""

    processes: dict[str, str]
    schools: list[Organisation]
    cities: list[Organisation]


def choices_for(user: User) -> Choices:
    processes = dict(db.session.execute(process_names().order_by(ProcessDefinition.key)).all())
    schools = db.session.scalars(visible_schools(user).order_by(Organisation.code)).all()
    cities = []
    if user.org and user.org.kind == "province":
        cities = db.session.scalars(supervised_cities(user).order_by(Organisation.code)).all()
    return Choices(processes, list(schools), list(cities))


def today() -> Today:
    clock = current_clock()
    return Today(clock.now(), local_zone(), load_calendar())


def _pick_id(raw: str, allowed: list[Organisation]) -> int | None:
    ids = {org.id for org in allowed}
    value = parse_int(raw)
    return value if value in ids else None


def _city(raw: str, user: User, choices: Choices, problems: dict) -> int | None:
    if not raw:
        return None
    if not choices.cities:
        if not (user.org and raw == str(user.org_id)):
            problems["city"] = "只有省级用户可以按城市筛选，已忽略城市条件。"
        return None
    city_id = _pick_id(raw, choices.cities)
    if city_id is None:
        problems["city"] = "所选城市不存在，已忽略城市条件。"
    return city_id


def _school(raw: str, choices: Choices, problems: dict) -> int | None:
    school_id = _pick_id(raw, choices.schools) if raw else None
    if raw and school_id is None:
        problems["school"] = "所选学校不存在或不在您的督办范围内，已忽略学校条件。"
    return school_id


def _choice(raw: str, allowed: Mapping, field: str, message: str, problems: dict) -> str | None:
    if raw and raw not in allowed:
        problems[field] = message
        return None
    return raw or None


def parse(args: Mapping[str, str], user: User, choices: Choices) -> tuple[DeadlineFilter, dict]:
    """The filter the parameters ask for, and {parameter: 中文说明} for each value left out."""
    problems: dict[str, str] = {}
    text = args.get("q", "").strip()
    if len(text) > MAX_TEXT:
        problems["q"] = f"关键词最长 {MAX_TEXT} 字，已截断。"
        text = text[:MAX_TEXT]
    process = _choice(
        args.get("process", ""),
        choices.processes,
        "process",
        "没有该流程，已忽略流程条件。",
        problems,
    )
    state = _choice(
        args.get("state", ""),
        STATES,
        "state",
        "状态应为 全部、已逾期 或 即将到期，已忽略状态条件。",
        problems,
    )
    escalation = _choice(
        args.get("escalation", ""),
        ESCALATION_FILTERS,
        "escalation",
        "催办状态应为 未催办、已提醒 或 已逾期通知，已忽略该条件。",
        problems,
    )
    sort = _choice(
        args.get("sort", ""), SORTS, "sort", "不支持该排序方式，已按截止日期排序。", problems
    )
    f = DeadlineFilter(
        process=process,
        city_id=_city(args.get("city", ""), user, choices, problems),
        school_id=_school(args.get("school", ""), choices, problems),
        state=state or "all",
        escalation=escalation,
        text=text or None,
        sort=sort or "due",
    )
    return f, problems


def describe(f: DeadlineFilter, choices: Choices) -> str:
    """The filter in words, for the export's title row."""
    names = {org.id: org.name for org in [*choices.schools, *choices.cities]}
    parts = [
        f"流程：{choices.processes[f.process]}" if f.process else "",
        f"城市：{names[f.city_id]}" if f.city_id else "",
        f"学校：{names[f.school_id]}" if f.school_id else "",
        f"状态：{STATES[f.state]}" if f.state != "all" else "",
        f"催办状态：{ESCALATION_FILTERS[f.escalation]}" if f.escalation else "",
        f"关键词：{f.text}" if f.text else "",
    ]
    chosen = "；".join(part for part in parts if part) or "全部"
    order = "降序" if f.sort.startswith("-") else "升序"
    return f"筛选条件：{chosen}；排序：{SORT_LABELS[f.sort.lstrip('-')]}{order}"
