"""Deploying BPMN/DMN files as versioned process definitions."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
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
from webapp.services.lane_mapping import checked_lanes, lanes_beside, unknown_lanes_problem
from webapp.services.runs import step_functions
from webapp.taskforms import CamundaFormError, FormFileError, camunda_form, load_form

KNOWN_LANES = set(LANE_ROLES) | {"starter"}


@dataclass
class DeployResult:
    definition: ProcessDefinition
    created: bool


def workflow_files(directory: str | Path) -> list[Path]:
    return sorted(p for p in Path(directory).glob("*") if p.suffix in (".bpmn", ".dmn"))


def deploy(
    paths: Sequence[str | Path], forms_dir: str, clock: Clock, actor: User | None = None
) -> list[DeployResult]:
    """Parse the files together; store each changed process as a new version. A lanes.json
    beside them maps the diagrams' lane names to ours (see lane_mapping.py)."""
    lanes = lanes_beside(paths)
    source = ", ".join(Path(p).name for p in paths)
    with _deploy_errors():
        parsed_all = engine.parse_files(paths, functions=step_functions(), lanes=lanes)
    return _deploy_parsed(parsed_all, source, forms_dir, clock, actor)


def deploy_texts(
    files: Sequence[tuple[str, str]],
    forms_dir: str,
    clock: Clock,
    actor: User | None = None,
    lanes: Mapping[str, str] | None = None,
) -> list[DeployResult]:
    """deploy() for (file name, text) pairs, as an upload page has them; `lanes` as a
    lanes.json would give them."""
    lanes = checked_lanes(lanes or {}, "泳道对应")
    source = ", ".join(name for name, _text in files)
    with _deploy_errors():
        parsed_all = engine.parse_texts(files, functions=step_functions(), lanes=lanes)
    return _deploy_parsed(parsed_all, source, forms_dir, clock, actor)


@contextmanager
def _deploy_errors() -> Iterator[None]:
    try:
        yield
    except engine.DeployError as error:
        where = f"元素 {error.element}"
        if error.expression:
            where += f"，表达式 {error.expression}"
        raise RuleViolation(f"流程文件无法部署（{where}）：{error.message}") from error


def _deploy_parsed(
    parsed_all: list[engine.ParsedProcess],
    source: str,
    forms_dir: str,
    clock: Clock,
    actor: User | None,
) -> list[DeployResult]:
    # Replicas deploying at start: one stores new versions, the others wait, then see them.
    advisory_lock.hold_for_transaction(db.session, advisory_lock.DEPLOY)
    results = []
    for parsed in parsed_all:
        _check_lanes_and_forms(parsed, forms_dir)
        result = _store(parsed, source, clock, actor)
        if result.created and parsed.starts_on_timer:
            start_scheduled(result.definition, clock)
        results.append(result)
    return results


def _check_lanes_and_forms(parsed: engine.ParsedProcess, forms_dir: str) -> None:
    problems = [
        problem for task in parsed.user_tasks if (problem := _form_problem(task, forms_dir))
    ]
    lanes = unknown_lanes_problem(parsed.user_tasks, KNOWN_LANES)
    if lanes:
        problems.append(lanes)
    if problems:
        raise RuleViolation(f"流程“{parsed.name}”无法部署：" + "；".join(problems))


def _form_problem(task: engine.UserTaskSpec, forms_dir: str) -> str | None:
    where = f"任务“{task.name}”（{task.id}）"
    try:
        if load_form(forms_dir, task.process_key, task.form_key) is not None:
            return None
    except FormFileError as error:
        return f"{where}的表单文件有误：{error.message}"
    if task.camunda_form:
        try:
            camunda_form(task.process_key, task.form_key, task.name, task.camunda_form)
        except CamundaFormError as error:
            return f"{where}的 Camunda 表单字段无法使用：{error}"
        return None
    return (
        f"{where}缺少表单文件 forms/{task.process_key}/{task.form_key}.json："
        "请添加该文件，或在 Camunda Modeler 中为该任务定义表单字段"
        "（Forms 页签，camunda:formField）"
    )


def _store(
    parsed: engine.ParsedProcess, source: str, clock: Clock, actor: User | None
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
                "camunda_form": t.camunda_form,
            }
            for t in parsed.user_tasks
        ],
        source_file=source[:300],
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
