"""Loading an instance's engine run and saving it back after a step."""

from __future__ import annotations

from webapp import engine
from webapp.clock import Clock
from webapp.errors import RuleViolation
from webapp.models import ProcessInstance, User
from webapp.processes.script_functions import script_functions
from webapp.services import audit, deadlines, notifications, work_items


def restore(instance: ProcessInstance, clock: Clock) -> engine.Run:
    return engine.restore(
        instance.definition.spec_json, instance.state, clock, functions=script_functions()
    )


def save(
    instance: ProcessInstance,
    run: engine.Run,
    clock: Clock,
    fired: set[str] | None = None,
    actor: User | None = None,
) -> None:
    """Persist the run, refresh the inbox and deadlines, close the instance when the engine is done.

    `fired` names the timer tasks this step fired (the scheduler passes them), so their rows are
    recorded as fired rather than cancelled.
    """
    instance.state = run.dump()
    instance.data = run.data
    instance.updated_at = clock.now()
    created = work_items.sync(instance, run, clock)
    deadlines.sync(instance, run, clock, created, fired)
    # The person who caused the step is not told about the tasks it gave them.
    notifications.on_work_items_created([item for item, _task in created], clock, exclude=actor)
    if run.is_completed and instance.status == "running":
        instance.status = "completed"
        instance.completed_at = clock.now()
        audit.record(
            "instance_completed", clock, instance_id=instance.id, subject=f"instance:{instance.id}"
        )


def script_failure(error: engine.ScriptError) -> RuleViolation:
    """A diagram's script failed on this data: nothing is saved and the user is told why."""
    violation = RuleViolation(
        f"流程执行出错（{error.element}）：{error.message}。已提交的内容未保存，请联系管理员。"
    )
    violation.code = "script_error"
    return violation
