"""Scenario helpers for the engine tests: the diagrams, and a Driver that can round-trip a Run."""

from __future__ import annotations

import difflib
import json
from collections.abc import Callable, Mapping
from datetime import datetime, timedelta, timezone
from pathlib import Path

from webapp.clock import ManualClock
from webapp.engine import ParsedProcess, ReadyTask, Run, parse_files, restore, start

DIAGRAMS = Path(__file__).parent / "diagrams"
START = datetime(2026, 3, 2, 1, 0, tzinfo=timezone.utc)  # a Monday, 09:00 in Shanghai


def deploy(*names: str, functions: Mapping | None = None) -> dict[str, ParsedProcess]:
    """Parse diagram files from tests/engine/diagrams together; processes by key."""
    processes = parse_files([DIAGRAMS / name for name in names], functions=functions)
    return {process.key: process for process in processes}


class Driver:
    """Plays a scenario on a Run; with round_trip, dumps and restores the Run after every step
    and fails the scenario when the restored Run dumps anything but the state it came from."""

    def __init__(
        self,
        process: ParsedProcess,
        clock: ManualClock,
        round_trip: bool,
        functions: Mapping[str, Callable] | None = None,
    ) -> None:
        self.process = process
        self.clock = clock
        self.round_trip = round_trip
        self.functions = functions
        self.run: Run

    def start(self, data: dict) -> Driver:
        self.run = start(self.process.spec_json, data, self.clock, self.functions)
        self._reload()
        return self

    def ready(self) -> list[str]:
        return sorted(task.spec_id for task in self.run.ready_user_tasks())

    def task(self, spec_id: str) -> ReadyTask:
        (task,) = [t for t in self.run.ready_user_tasks() if t.spec_id == spec_id]
        return task

    def complete(
        self, spec_id: str, data: dict | None = None, task: ReadyTask | None = None
    ) -> None:
        task = task or self.task(spec_id)
        self.run.complete_task(task.id, data or {})
        self._reload()

    def send(self, message_name: str, payload: dict) -> bool:
        delivered = self.run.send_message(message_name, payload)
        self._reload()
        return delivered

    def advance(self, **delta: float) -> int:
        """Move the clock, fire due timers; returns how many fired."""
        self.clock.advance(timedelta(**delta))
        fired = self.run.fire_due_timers()
        self._reload()
        return fired

    def _reload(self) -> None:
        if self.round_trip:
            state = self.run.dump()
            self.run = restore(self.process.spec_json, state, self.clock, self.functions)
            assert_same_state(state, self.run.dump())


def assert_same_state(dumped: str, again: str) -> None:
    """The state dumped, restored and dumped again is the same text: the serializer lost nothing."""
    if again == dumped:
        return
    diff = difflib.unified_diff(
        _lines(dumped), _lines(again), "dumped", "restored and dumped", lineterm="", n=2
    )
    shown = "\n".join(list(diff)[:80]) or "(the same values, in another order)"
    raise AssertionError(f"the save/restore round trip changed the engine state:\n{shown}")


def _lines(state: str) -> list[str]:
    # One key per line, sorted, so the diff shows the values that changed, not the key order.
    return json.dumps(json.loads(state), indent=1, sort_keys=True, ensure_ascii=False).splitlines()
