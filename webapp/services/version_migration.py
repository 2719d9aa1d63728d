"""Moving running instances from one version of a process to another (流程管理 › 迁移实例, after
Camunda's migration API): a plan saying for each instance which steps it waits at and whether
the target version has them, then the move of the chosen ones, each in the case's history.
An instance whose state holds a step the target lacks stays on its version."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select

from webapp import audit, engine
from webapp.clock import Clock
from webapp.errors import NotFound, RuleViolation
from webapp.extensions import db
from webapp.models import ProcessDefinition, ProcessInstance, User
from webapp.services.runs import spec_json_of

PLAN_LIMIT = 500  # instances listed and moved at once


@dataclass(frozen=True)
class InstancePlan:
    instance: ProcessInstance
    check: engine.migration.MigrationCheck | None
    problem: str = ""  # why it cannot move (a missing step, an unreadable state)

    @property
    def possible(self) -> bool:
        return not self.problem


@dataclass
class MigrationResult:
    moved: list[int] = field(default_factory=list)
    kept: dict[int, str] = field(default_factory=dict)  # instance id → why it stayed


def running_counts(key: str) -> dict[int, int]:
    """Running instances per version id of the process."""
    rows = db.session.execute(
        select(ProcessInstance.definition_id, func.count())
        .where(ProcessInstance.process_key == key, ProcessInstance.status == "running")
        .group_by(ProcessInstance.definition_id)
    )
    return dict(rows.all())


def version(key: str, number: int) -> ProcessDefinition:
    found = db.session.scalar(
        select(ProcessDefinition).where(
            ProcessDefinition.key == key, ProcessDefinition.version == number
        )
    )
    if found is None:
        raise NotFound(f"流程 {key} 没有第 {number} 版。")
    return found


def _pair(source: ProcessDefinition, target: ProcessDefinition) -> None:
    if source.key != target.key or source.id == target.id:
        raise RuleViolation("请选择同一流程的两个不同版本：实例从源版本迁移到目标版本。")


def _missing_text(missing: list[str]) -> str:
    return f"新版本中没有环节 {'、'.join(missing[:10])}（已办理或正在办理的环节须在新版本中保留同一 ID）"


def _plan_one(instance: ProcessInstance, target_json: str, clock: Clock) -> InstancePlan:
    source_json = spec_json_of(instance.definition)
    try:
        check = engine.migration.check(instance.state, source_json, target_json, clock)
    except Exception as error:  # noqa: BLE001 - a state this engine cannot read stays put, named
        return InstancePlan(instance, None, f"实例状态无法读取：{type(error).__name__}")
    if check.missing:
        return InstancePlan(instance, check, _missing_text(check.missing))
    if check.changed:
        steps = "、".join(check.changed[:10])
        why = f"等待中的环节 {steps} 在新版本中换了泳道或表单，待其办理后再迁移"
        return InstancePlan(instance, check, why)
    return InstancePlan(instance, check)


def plan(source: ProcessDefinition, target: ProcessDefinition, clock: Clock) -> list[InstancePlan]:
    """Each running instance of the source version (oldest first, up to PLAN_LIMIT)."""
    _pair(source, target)
    target_json = spec_json_of(target)
    instances = db.session.scalars(
        select(ProcessInstance)
        .where(ProcessInstance.definition_id == source.id, ProcessInstance.status == "running")
        .order_by(ProcessInstance.id)
        .limit(PLAN_LIMIT)
    )
    return [_plan_one(instance, target_json, clock) for instance in instances]


def migrate(
    source: ProcessDefinition,
    target: ProcessDefinition,
    instance_ids: list[int],
    user: User,
    clock: Clock,
) -> MigrationResult:
    """Move the chosen instances that can move; the others stay, each with its reason. The
    caller commits (an instance changed meanwhile fails the commit: nothing half-moved)."""
    _pair(source, target)
    result, target_json = MigrationResult(), spec_json_of(target)
    for instance_id in instance_ids[:PLAN_LIMIT]:
        instance = db.session.get(ProcessInstance, instance_id)
        if instance is None or instance.definition_id != source.id or instance.status != "running":
            result.kept[instance_id] = f"不是第 {source.version} 版中运行的实例"
            continue
        planned = _plan_one(instance, target_json, clock)
        if not planned.possible:
            result.kept[instance_id] = planned.problem
            continue
        try:
            state = engine.migration.migrate(instance.state, target_json)
        except Exception as error:  # noqa: BLE001 - a state the target cannot hold stays put
            result.kept[instance_id] = f"实例状态无法按新版本读取：{type(error).__name__}"
            continue
        instance.state = state
        instance.definition_id = target.id
        instance.updated_at = clock.now()
        audit.record(
            "instance_migrated",
            clock,
            actor=user,
            instance_id=instance.id,
            subject=f"instance:{instance.id}",
            before={"version": source.version},
            after={"version": target.version},
        )
        result.moved.append(instance_id)
    return result
