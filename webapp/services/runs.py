"""Loading an instance's engine run and saving it back after a step."""

from __future__ import annotations

from weakref import WeakKeyDictionary

from sqlalchemy import update

from webapp import audit, engine
from webapp.clock import Clock, current_clock
from webapp.errors import RuleViolation
from webapp.extensions import db
from webapp.local_time import local_date
from webapp.models import ProcessDefinition, ProcessInstance, User, WorkItem
from webapp.processes.registry import current as installed_processes
from webapp.services import case_keys, deadlines, missed, notifications, process_hooks, work_items
from webapp.workdays.script_functions import (
    WorkdayFunctions,
    calendar_deadline,
    workday_functions,
)
from webapp.workdays.service import CalendarOnDemand

MAX_CACHED_SPECS = 64
INCIDENT_EVENT = "instance_failed"
_spec_texts: dict[tuple[int, str], str] = {}
# The working-day functions each live run was given, to read back which results were provisional.
_step_functions: WeakKeyDictionary[engine.Run, WorkdayFunctions] = WeakKeyDictionary()
# Runs that stopped on a failure to be kept as an incident when saved (see start()).
_incidents: WeakKeyDictionary[engine.Run, engine.ScriptError] = WeakKeyDictionary()


def step_functions(clock: Clock | None = None) -> WorkdayFunctions:
    """Fresh functions for one step: the calendar as it is now (read when first asked), an
    empty usage record, `today()` (the step's local date, ISO, from its clock), and
    `notify(lane, message)`, whose messages are sent when the step is saved (so never twice)."""
    functions = workday_functions(CalendarOnDemand())
    functions.update(installed_processes().script_functions())
    functions["calendar_deadline"] = calendar_deadline
    functions.outbox = []

    def notify(lane: str, message: str) -> None:
        functions.outbox.append((str(lane), str(message)[:300]))

    functions["notify"] = notify
    step_clock = clock or current_clock()
    functions["today"] = lambda: local_date(step_clock.now()).isoformat()
    return functions


def _remember(run: engine.Run, functions: WorkdayFunctions) -> engine.Run:
    _step_functions[run] = functions
    return run


def start(spec_json: str, data: dict, clock: Clock) -> engine.Run:
    """A new run. When the diagram fails on the data before the first wait (a multi-instance
    whose collection is missing), the run as it stopped is returned and saving it records an
    incident, as Camunda does: the case exists, 失败任务 names the element, and an
    administrator retries it once the data is fixed (incidents.retry)."""
    functions = step_functions(clock)
    try:
        return _remember(engine.start(spec_json, data, clock, functions=functions), functions)
    except engine.ScriptError as error:
        if error.run is None or not error.task_id:
            raise script_failure(error) from error
        _incidents[error.run] = error
        return _remember(error.run, functions)


def failure_of(run: engine.Run) -> engine.ScriptError | None:
    """The failure a run stopped on, to be kept as an incident when it is saved."""
    return _incidents.get(run)


def spec_json_of(definition: ProcessDefinition) -> str:
    """The definition's spec JSON, read once per worker: a version's specs never change after
    deploy, so it is kept by (id, checksum), and being the same text object every step, the
    engine finds its parsed specs without reading or hashing the text again."""
    key = (definition.id, definition.checksum)
    spec_json = _spec_texts.get(key)
    if spec_json is None:
        if len(_spec_texts) >= MAX_CACHED_SPECS:
            _spec_texts.clear()
        spec_json = _spec_texts[key] = definition.spec_json
    return spec_json


def restore(instance: ProcessInstance, clock: Clock) -> engine.Run:
    functions = step_functions(clock)
    spec_json = spec_json_of(instance.definition)
    run = engine.restore(spec_json, instance.state, clock, functions=functions)
    return _remember(run, functions)


def functions_of(run: engine.Run) -> WorkdayFunctions:
    return _step_functions.get(run) or step_functions()


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
    functions = functions_of(run)
    instance.state = run.dump()
    instance.data = run.data
    instance.updated_at = clock.now()
    _retitle(instance)
    failure = _incidents.pop(run, None)
    if failure is not None:
        record_incident(instance, failure, clock)
    if run.is_completed and instance.status == "running":
        # Set before the syncs below flush, so the state and the status are one UPDATE.
        instance.status = "completed"
        instance.completed_at = clock.now()
        audit.record(
            "instance_completed", clock, instance_id=instance.id, subject=f"instance:{instance.id}"
        )
    # A step that left the ready user tasks as they were (a timer that only moved a token, a
    # message that woke nothing) changes nothing in the inbox: no items to open or close.
    changed = run.user_tasks_changed
    created = work_items.sync(instance, run, clock, functions) if changed else []
    deadlines.sync(instance, run, clock, created, fired, functions.usage, items_changed=changed)
    if created:
        # The person who caused the step is not told about the tasks it gave them.
        db.session.flush()  # the new items' ids
        told = [item for item, task in created if work_items.announced(item, task)]
        notifications.on_work_items_created(told, clock, exclude=actor)
    for lane, message in getattr(functions, "outbox", []):
        notifications.notify_lane(instance, lane, message, clock)
    process_hooks.items_created(instance, created, clock)
    missed.resolve(instance, clock)
    process_hooks.saved(instance, clock)


def _retitle(instance: ProcessInstance) -> None:
    """A case's title follows what it is about once a step has said it (its process's case_title
    hook reads the data after every step): the case and all its items — 待办, 已办, 督办 — carry
    the same one."""
    title = process_hooks.case_title(instance.process_key, instance.data or {}, instance.school)
    title = case_keys.titled(title, instance.business_key) if title else None
    if not title or title == instance.title:
        return
    instance.title = title
    db.session.execute(
        update(WorkItem)
        .where(WorkItem.instance_id == instance.id)
        .values(title=instance.title)
        .execution_options(synchronize_session="fetch")
    )


def record_incident(instance: ProcessInstance, error: engine.ScriptError, clock: Clock) -> None:
    """Mark the case as failed at an element: 失败任务 lists it until a retry succeeds."""
    instance.error = f"元素 {error.element}：{error.message}"
    audit.record(
        INCIDENT_EVENT,
        clock,
        instance_id=instance.id,
        subject=f"instance:{instance.id}",
        after={"element": error.element, "task_id": error.task_id, "message": error.message},
    )


def script_failure(error: engine.ScriptError) -> RuleViolation:
    """A diagram's script failed on this data: nothing is saved and the user is told why."""
    violation = RuleViolation(
        f"流程执行出错（元素 {error.element}）：{error.message}。本次提交未生效，请联系管理员。"
    )
    violation.code = "script_error"
    return violation
