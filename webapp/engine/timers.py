"""Timer event definitions that read the run's Clock via its script engine, not the wall clock."""

# SpiffWorkflow's own definitions call `datetime.now(timezone.utc)`. These subclasses are swapped
# in when specs are restored from spec JSON (see serialization.py), so each Run sees the Clock it
# was given and two Runs with different clocks share nothing. The due time is stored as an aware
# ISO string in `internal_data['event_value']`, as SpiffWorkflow does.
# Differences from SpiffWorkflow: a timeDate must carry a time zone (a naive one would be read in
# the server's zone), ISO week dates are not accepted, and a timer fires when due <= now (not <).

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

from SpiffWorkflow.bpmn.specs.event_definitions.timer import (
    CycleTimerEventDefinition,
    DurationTimerEventDefinition,
    TimeDateEventDefinition,
    TimerEventDefinition,
)

from webapp.engine.script_engine import ExpressionFailed


def parse_time_date(value: Any) -> datetime:
    """A timeDate value (aware ISO string or aware datetime) as an aware UTC datetime."""
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value.strip())
        except ValueError:
            raise ValueError(f"定时器时间 {value!r} 不是 ISO 8601 日期时间") from None
    if not isinstance(value, datetime):
        raise ValueError('定时器时间必须是带时区的日期时间，例如 "2026-03-15T09:00:00+08:00"')
    if value.tzinfo is None:
        raise ValueError(f"定时器时间 {value.isoformat()} 缺少时区，例如 +08:00")
    return value.astimezone(timezone.utc)


def add_duration(value: Any, start: datetime) -> datetime:
    """`start` plus a timeDuration value (an ISO 8601 duration such as "P7D", or a timedelta)."""
    if isinstance(value, timedelta):
        return start + value
    if not isinstance(value, str):
        raise ValueError('定时器时长必须是 ISO 8601 时长字符串，例如 "P7D"')
    try:
        parsed = TimerEventDefinition.parse_iso_duration(value.strip())
    except Exception:
        raise ValueError(f'定时器时长 {value!r} 不是 ISO 8601 时长，例如 "P7D"') from None
    return start + TimerEventDefinition.get_timedelta_from_start(parsed, start)


def first_cycle(value: Any, now: datetime) -> dict:
    """The initial event_value of a timeCycle ("R3/P1D", "R/2026-03-02T00:00:00Z/PT1H", ...)."""
    if not isinstance(value, str):
        raise ValueError('循环定时器必须是 ISO 8601 重复间隔字符串，例如 "R3/P1D"')
    parts = value.strip().upper().replace("--", "/").strip("R").split("/")
    try:
        if len(parts) == 2 and parts[1].startswith("P"):
            # SpiffWorkflow would start this kind of cycle from the wall clock.
            cycles = int(parts[0]) if parts[0] else -1
            start = add_duration(parts[1], now)
            duration = start - now
        else:
            cycles, start, duration = TimerEventDefinition.parse_iso_recurring_interval(value)
    except Exception:
        raise ValueError(f"循环定时器 {value!r} 不是 ISO 8601 重复间隔") from None
    return {"cycles": cycles, "next": start.isoformat(), "duration": duration.total_seconds()}


def _now(my_task: Any) -> datetime:
    return my_task.workflow.script_engine.clock.now()


def _evaluate(my_task: Any, expression: str, convert: Any, *args: Any) -> Any:
    value = my_task.workflow.script_engine.evaluate(my_task, expression)
    try:
        return convert(value, *args)
    except ValueError as exc:
        raise ExpressionFailed(my_task, expression, exc) from exc


class ClockTimer:
    """has_fired() for one-shot timers; subclasses say how to compute the due time."""

    expression: str

    def due(self, my_task: Any) -> datetime:
        raise NotImplementedError

    def has_fired(self, my_task: Any) -> bool:
        event_value = my_task._get_internal_data("event_value")
        if event_value is None:
            event_value = self.due(my_task).isoformat()
            my_task._set_internal_data(event_value=event_value)
        if datetime.fromisoformat(event_value) <= _now(my_task):
            my_task._set_internal_data(event_fired=True)
        return my_task._get_internal_data("event_fired", False)


class ClockTimeDateEventDefinition(ClockTimer, TimeDateEventDefinition):
    def due(self, my_task: Any) -> datetime:
        return _evaluate(my_task, self.expression, parse_time_date)


class ClockDurationTimerEventDefinition(ClockTimer, DurationTimerEventDefinition):
    def due(self, my_task: Any) -> datetime:
        return _evaluate(my_task, self.expression, add_duration, _now(my_task))


class ClockCycleTimerEventDefinition(CycleTimerEventDefinition):
    def cycle_complete(self, my_task: Any) -> bool:
        now = _now(my_task)
        event_value = my_task._get_internal_data("event_value")
        if event_value is None:
            event_value = _evaluate(my_task, self.expression, first_cycle, now)
        ready = False
        if event_value["cycles"] != 0:
            next_event = datetime.fromisoformat(event_value["next"])
            if next_event <= now:
                step = timedelta(seconds=event_value["duration"])
                event_value["next"] = (next_event + step).isoformat()
                event_value["cycles"] -= 1
                ready = True
        else:
            my_task.internal_data.pop("event_value", None)
            my_task.internal_data["event_fired"] = True
        # Same bookkeeping as SpiffWorkflow's CycleTimerEventDefinition.
        my_task._set_internal_data(event_value=event_value)
        return ready


CLOCK_TIMERS = {
    "TimeDateEventDefinition": ClockTimeDateEventDefinition,
    "DurationTimerEventDefinition": ClockDurationTimerEventDefinition,
    "CycleTimerEventDefinition": ClockCycleTimerEventDefinition,
}
