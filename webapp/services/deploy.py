"""Deploying BPMN/DMN files as versioned process definitions."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from webapp import audit, engine
from webapp.clock import Clock
from webapp.errors import RuleViolation
from webapp.extensions import db
from webapp.models import LANE_ROLES, ProcessDefinition, User
from webapp.models.process import latest_definition
from webapp.services import advisory_lock
from webapp.services.instances import start_scheduled
from webapp.services.runs import step_functions
from webapp.taskforms import FormFileError, load_form

KNOWN_LANES = set(LANE_ROLES) | {"starter"}


@dataclass
class DeployResult:
    definition: ProcessDefinition
    created: bool


def workflow_files(directory: str | Path) -> list[Path]:
    return sorted(p for p in Path(directory).glob("*") if p.suffix in (".bpmn", ".dmn"))


def _check_lanes_and_forms(parsed: engine.ParsedProcess, forms_dir: str) -> None:
    problems = []
    for task in parsed.user_tasks:
        if task.lane is not None and task.lane not in KNOWN_LANES:
            problems.append(
                f"任务“{task.name}”（{task.id}）的泳道“{task.lane}”无法识别，可用：{'、'.join(sorted(KNOWN_LANES))}"
            )
        try:
            if load_form(forms_dir, task.process_key, task.form_key) is None:
                problems.append(
                    f"任务“{task.name}”缺少表单文件 forms/{task.process_key}/{task.form_key}.json"
                )
        except FormFileError as error:
            problems.append(f"任务“{task.name}”的表单文件有误：{error.message}")
    if problems:
        raise RuleViolation(f"流程“{parsed.name}”无法部署：" + "；".join(problems))


def deploy(
    paths: Sequence[str | Path], forms_dir: str, clock: Clock, actor: User | None = None
) -> list[DeployResult]:
    """Parse the files together; store each changed process as a new version."""
    try:
        parsed_all = engine.parse_files(paths, functions=step_functions())
    except engine.DeployError as error:
        where = f"元素 {error.element}"
        if error.expression:
            where += f"，表达式 {error.expression}"
        raise RuleViolation(f"流程文件无法部署（{where}）：{error.message}") from error
    # Replicas deploying at start: one stores new versions, the others wait, then see them.
    advisory_lock.hold_for_transaction(db.session, advisory_lock.DEPLOY)
    results = []
    for parsed in parsed_all:
        _check_lanes_and_forms(parsed, forms_dir)
        result = _store(parsed, paths, clock, actor)
        if result.created and parsed.starts_on_timer:
            start_scheduled(result.definition, clock)
        results.append(result)
    return results


def _store(
    parsed: engine.ParsedProcess, paths: Sequence[str | Path], clock: Clock, actor: User | None
) -> DeployResult:
    latest = latest_definition(parsed.key)
    if latest is not None and latest.checksum == parsed.checksum:
        return DeployResult(latest, created=False)
    definition = ProcessDefinition(
        key=parsed.key,
        version=(latest.version + 1) if latest else 1,
        name=parsed.name,
        checksum=parsed.checksum,
        spec_json=parsed.spec_json,
        bpmn_xml=parsed.bpmn_xml,
        user_tasks=[
            {
                "id": t.id,
                "name": t.name,
                "lane": t.lane,
                "process_key": t.process_key,
                "form_key": t.form_key,
            }
            for t in parsed.user_tasks
        ],
        source_file=", ".join(Path(p).name for p in paths)[:300],
        deployed_at=clock.now(),
    )
    db.session.add(definition)
    db.session.flush()
    audit.record(
        "process_deployed",
        clock,
        actor=actor,
        subject=f"process:{parsed.key}",
        after={"key": parsed.key, "version": definition.version, "checksum": parsed.checksum},
    )
    return DeployResult(definition, created=True)
