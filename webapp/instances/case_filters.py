"""Reading 我的申请 / 流程查询's query string into a CaseFilter, shared by the page and its export.

A value that cannot be read is left out of the filter and said in Chinese, never a failure.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from webapp.models.case_list import SORTS, CaseFilter
from webapp.models.process import STATUSES
from webapp.request_args import parse_int

MAX_TEXT = 100


def _day(raw: str, label: str, problems: list[str]) -> date | None:
    raw = raw.strip()
    if not raw:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        problems.append(f"“{label}”的格式应为 2026-03-15，已忽略该条件。")
        return None


def _pick(raw: str, allowed: set[int], label: str, problems: list[str]) -> int | None:
    if not raw.strip():
        return None
    value = parse_int(raw)
    if value in allowed:
        return value
    problems.append(f"所选{label}不在您的查看范围内，已忽略该条件。")
    return None


def read_case_filter(
    args: Mapping[str, str], processes: Mapping[str, str], school_ids: set[int], city_ids: set[int]
) -> tuple[CaseFilter, list[str]]:
    """The filter, and why a value was left out."""
    problems: list[str] = []
    process = args.get("process", "").strip() or None
    if process and process not in processes:
        problems.append("所选流程不存在，已忽略该条件。")
        process = None
    status = args.get("status", "").strip() or None
    if status and status not in STATUSES:
        problems.append("所选状态不存在，已忽略该条件。")
        status = None
    started_from = _day(args.get("from", ""), "发起日期从", problems)
    started_to = _day(args.get("to", ""), "发起日期至", problems)
    if started_from and started_to and started_from > started_to:
        problems.append("“发起日期从”晚于“发起日期至”，已交换两者。")
        started_from, started_to = started_to, started_from
    text = args.get("q", "").strip()
    if len(text) > MAX_TEXT:
        problems.append(f"关键词最多 {MAX_TEXT} 个字，已截取前 {MAX_TEXT} 个字。")
        text = text[:MAX_TEXT]
    sort = args.get("sort", "")
    found = CaseFilter(
        process=process,
        status=status,
        school_id=_pick(args.get("school", ""), school_ids, "学校", problems),
        city_id=_pick(args.get("city", ""), city_ids, "城市", problems),
        started_from=started_from,
        started_to=started_to,
        overdue=args.get("overdue") in ("1", "true", "yes"),
        text=text or None,
        sort=sort if sort in SORTS else "-started",
    )
    return found, problems


def describe(f: CaseFilter, processes: Mapping[str, str], orgs: Mapping[int, str]) -> str:
    """The filter in words, for the export's title row."""
    parts = []
    if f.process:
        parts.append(f"流程：{processes.get(f.process, f.process)}")
    if f.status:
        parts.append(f"状态：{STATUSES[f.status]}")
    if f.city_id:
        parts.append(f"城市：{orgs.get(f.city_id, '')}")
    if f.school_id:
        parts.append(f"学校：{orgs.get(f.school_id, '')}")
    if f.started_from or f.started_to:
        parts.append(f"发起日期：{f.started_from or '不限'} 至 {f.started_to or '不限'}")
    if f.overdue:
        parts.append("仅看逾期")
    if f.text:
        parts.append(f"关键词：{f.text}")
    return "；".join(parts) or "全部"
