"""Lanes of diagrams drawn elsewhere ("Clerk", "Reviewer"): mapped to ours by a lanes.json
beside the file (or a mapping an upload page gives), and named when they are not mapped.

The mapped names are written into the deployed version's specs (engine.parse_files), so every
instance of that version keeps its lanes even when the mapping changes later.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from webapp.errors import RuleViolation
from webapp.models import LANE_ROLES
from webapp.models.work_item import LANE_LABELS

LANES_FILE = "lanes.json"
TARGET_LANES = set(LANE_ROLES) | {"starter"}


def lanes_beside(paths: Sequence[str | Path]) -> dict[str, str]:
    """The lane mappings of the lanes.json files in the folders of `paths`, merged."""
    merged: dict[str, str] = {}
    for folder in sorted({Path(p).resolve().parent for p in paths}):
        path = folder / LANES_FILE
        if not path.is_file():
            continue
        try:
            raw = json.loads(path.read_text(encoding="utf-8-sig"))
        except UnicodeDecodeError:
            raise RuleViolation(f"{path} 不是 UTF-8 编码") from None
        except json.JSONDecodeError as exc:
            raise RuleViolation(f"{path} 不是有效的 JSON（第 {exc.lineno} 行）") from None
        merged.update(checked_lanes(raw, f"{LANES_FILE}（{path}）"))
    return merged


def checked_lanes(raw: object, where: str) -> dict[str, str]:
    """A mapping {diagram lane: our lane}; RuleViolation naming what is wrong."""
    if not isinstance(raw, Mapping) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in raw.items()
    ):
        raise RuleViolation(
            f"{where}应为一个对象，把流程图中的泳道名对应到本系统的泳道，"
            '例如 {"Clerk": "school", "Reviewer": "city"}'
        )
    wrong = [f"{lane} → {target}" for lane, target in raw.items() if target not in TARGET_LANES]
    if wrong:
        raise RuleViolation(f"{where}中 {'、'.join(wrong)} 不是本系统的泳道；可用：{ours()}")
    return dict(raw)


def ours() -> str:
    return "、".join(f"{lane}（{LANE_LABELS.get(lane, lane)}）" for lane in sorted(TARGET_LANES))


def unknown_lanes_problem(user_tasks: Iterable, known: set[str]) -> str | None:
    """What to tell when user tasks sit in lanes we don't know; None when all are known."""
    tasks = list(user_tasks)
    unknown: dict[str, list[str]] = {}
    for task in tasks:
        if task.lane is not None and task.lane not in known:
            unknown.setdefault(task.lane, []).append(task.id)
    if not unknown:
        return None
    used = sorted({task.lane for task in tasks if task.lane is not None})
    listed = "、".join(f"“{lane}”（任务 {'、'.join(ids)}）" for lane, ids in unknown.items())
    example = json.dumps(
        {
            lane: target
            for lane, target in zip(unknown, ("school", "city", "province"), strict=False)
        },
        ensure_ascii=False,
    )
    return (
        f"流程图中的泳道 {listed}无法识别（文件使用的泳道：{'、'.join(used)}）。"
        f"本系统的泳道：{ours()}。请在 .bpmn 文件旁放一个 {LANES_FILE}，"
        f"把文件中的泳道对应到本系统的泳道，例如 {example}；或在建模器中把泳道名改为以上之一"
    )
