"""Deploying from the 流程管理 page: uploaded .bpmn/.dmn files (and a lanes.json mapping their
lane names) checked exactly as `flask deploy` checks them, then either stored or only tried. A
dry run deploys inside a savepoint and rolls it back, so it answers what deploying would do."""

from __future__ import annotations

import json
from dataclasses import dataclass

from webapp.clock import Clock
from webapp.errors import RuleViolation
from webapp.extensions import db
from webapp.models import User
from webapp.services.deploy import deploy_texts
from webapp.services.lane_mapping import LANES_FILE

MAX_FILES = 20
MAX_BYTES = 5 * 1024 * 1024  # per file
DIAGRAMS = (".bpmn", ".dmn")


@dataclass(frozen=True)
class Upload:
    name: str
    data: bytes


@dataclass(frozen=True)
class Outcome:
    """What deploying did (or would do) to one process."""

    key: str
    name: str
    version: int
    state: str  # 新流程 / 新版本 / 未变化
    user_tasks: int


def _text(upload: Upload) -> str:
    if len(upload.data) > MAX_BYTES:
        raise RuleViolation(f"文件 {upload.name} 超过 {MAX_BYTES // (1024 * 1024)} MB。")
    try:
        return upload.data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise RuleViolation(
            f"文件 {upload.name} 不是 UTF-8 编码的文本，请用建模工具重新保存。"
        ) from None


def _lanes(upload: Upload | None) -> dict | None:
    if upload is None:
        return None
    try:
        return json.loads(_text(upload))
    except json.JSONDecodeError as error:
        raise RuleViolation(
            f"{LANES_FILE} 不是有效的 JSON（第 {error.lineno} 行）：应为 "
            '{"流程图中的泳道名": "school"} 这样的对象。'
        ) from None


def _split(uploads: list[Upload]) -> tuple[list[tuple[str, str]], Upload | None]:
    named = [u for u in uploads if u.name]
    if not named:
        raise RuleViolation("请选择要部署的 .bpmn 或 .dmn 文件。")
    if len(named) > MAX_FILES:
        raise RuleViolation(f"一次最多部署 {MAX_FILES} 个文件。")
    others = [u.name for u in named if u.name != LANES_FILE and not u.name.endswith(DIAGRAMS)]
    if others:
        raise RuleViolation(
            f"只能上传 .bpmn、.dmn 文件和 {LANES_FILE}：{'、'.join(others[:5])} 不是。"
        )
    diagrams = [(u.name, _text(u)) for u in named if u.name.endswith(DIAGRAMS)]
    if not any(name.endswith(".bpmn") for name, _t in diagrams):
        raise RuleViolation("请至少上传一个 .bpmn 流程文件。")
    lanes = next((u for u in named if u.name == LANES_FILE), None)
    return diagrams, lanes


def _outcome(result) -> Outcome:
    d = result.definition
    state = "未变化" if not result.created else ("新流程" if d.version == 1 else "新版本")
    return Outcome(d.key, d.name, d.version, state, len(d.user_tasks or []))


def deploy_uploads(
    uploads: list[Upload], forms_dir: str, clock: Clock, actor: User, *, dry_run: bool
) -> list[Outcome]:
    """Deploy the files, or (dry_run) only find out what deploying them would do."""
    diagrams, lanes_file = _split(uploads)
    lanes = _lanes(lanes_file)
    if not dry_run:
        return [_outcome(r) for r in deploy_texts(diagrams, forms_dir, clock, actor, lanes)]
    savepoint = db.session.begin_nested()
    try:
        return [_outcome(r) for r in deploy_texts(diagrams, forms_dir, clock, actor, lanes)]
    finally:
        savepoint.rollback()
