"""Runtime state: dump() leaves the specs out, restores continue, typed data round-trips."""

from __future__ import annotations

import json
from datetime import date, datetime, timezone
from decimal import Decimal

import pytest

from tests.engine.scenario import deploy
from webapp.engine import ScriptError, restore, start
from webapp.engine.serialization import specs_from_json

PROCESSES = deploy("inspection.bpmn", "site_check.bpmn", "leave_request.bpmn")
INSPECTION, LEAVE = PROCESSES["inspection"], PROCESSES["leave_request"]


def test_dump_has_no_specs(clock):
    run = start(INSPECTION.spec_json, {"school": "一中"}, clock)
    state = run.dump()
    dumped = json.loads(state)
    assert dumped["serializer_version"] == "1.5"
    assert not {"spec", "subprocess_specs"} & set(dumped)
    assert '"task_specs"' not in state and '"cond_task_specs"' not in state
    assert "site_check" in dumped["subprocesses"][next(iter(dumped["subprocesses"]))]["spec"]
    assert len(state) < len(INSPECTION.spec_json)


def test_state_is_compact_utf8_and_states_written_before_still_restore(clock):
    run = start(INSPECTION.spec_json, {"school": "沈阳市第一中等职业学校"}, clock)
    state = run.dump()
    assert "沈阳市第一中等职业学校" in state and "\\u6c88" not in state  # not \\uXXXX
    assert ", " not in state and '": ' not in state  # no spaces between items
    # A state written the old way (escaped, spaced) reads as the same workflow.
    old = json.dumps(json.loads(state))
    assert "\\u6c88" in old and len(old.encode()) > len(state.encode())
    restored = restore(INSPECTION.spec_json, old, clock)
    assert restored.dump() == state
    assert restored.data["school"] == "沈阳市第一中等职业学校"


def test_restored_run_continues_inside_the_called_process(clock):
    run = start(INSPECTION.spec_json, {"school": "一中"}, clock)
    restored = restore(INSPECTION.spec_json, run.dump(), clock)
    assert restored.ready_user_tasks() == run.ready_user_tasks()
    assert restored.step_states() == run.step_states()
    (task,) = restored.ready_user_tasks()
    restored.complete_task(task.id, {"passed": False})
    assert [t.spec_id for t in restored.ready_user_tasks()] == ["handle_rejection"]


def test_restoring_does_not_run_anything(clock):
    run = start(LEAVE.spec_json, {"days": 1}, clock)
    state = run.dump()
    assert restore(LEAVE.spec_json, state, clock).dump() == state


def test_state_from_another_format_version_is_refused(clock):
    dumped = json.loads(start(LEAVE.spec_json, {"days": 1}, clock).dump())
    dumped["serializer_version"] = "1.4"
    with pytest.raises(ValueError):
        restore(LEAVE.spec_json, json.dumps(dumped), clock)


def test_dates_datetimes_and_decimals_round_trip(clock):
    data = {
        "due": date(2026, 3, 5),
        "at": datetime(2026, 3, 2, 9, 30, tzinfo=timezone.utc),
        "amount": Decimal("12.30"),
        "nested": {"items": [Decimal("1.5"), date(2026, 1, 1)]},
    }
    run = start(LEAVE.spec_json, {"days": 1, **data}, clock)
    restored = restore(LEAVE.spec_json, run.dump(), clock)
    (task,) = restored.ready_user_tasks()
    assert task.data["due"] == "2026-03-05"
    assert task.data["at"] == "2026-03-02T09:30:00+00:00"
    assert task.data["amount"] == "12.30"
    assert task.data["nested"] == {"items": ["1.5", "2026-01-01"]}
    json.dumps(task.data)  # JSON-safe
    restored.complete_task(task.id, {})  # postScript: hours = days * 8
    restored = restore(LEAVE.spec_json, restored.dump(), clock)
    assert restored.ready_user_tasks()[0].data["hours"] == 8


def test_typed_values_keep_their_type_inside_the_engine(clock, tmp_path):
    run = start(LEAVE.spec_json, {"days": Decimal("1.5")}, clock)
    run = restore(LEAVE.spec_json, run.dump(), clock)
    (task,) = run.ready_user_tasks()
    run.complete_task(task.id, {})
    assert run.ready_user_tasks()[0].data["hours"] == "12.0"  # Decimal arithmetic survived


def test_reserved_key_in_data_is_refused(clock):
    with pytest.raises(ValueError):
        start(LEAVE.spec_json, {"days": 1, "file": {"typename": "pdf"}}, clock)


def test_run_left_in_error_can_still_be_dumped(clock):
    run = start(LEAVE.spec_json, {}, clock)  # no `days`: the postScript fails
    (task,) = run.ready_user_tasks()
    with pytest.raises(ScriptError) as caught:
        run.complete_task(task.id, {})
    assert caught.value.element == "submit_request"
    restored = restore(LEAVE.spec_json, run.dump(), clock)
    assert restored.step_states()["submit_request"] == "error"
    assert restored.ready_user_tasks() == []


def test_specs_are_built_once_and_shared_by_independent_runs(clock):
    grading = deploy("student_grading.bpmn")["student_grading"]
    assert specs_from_json(grading.spec_json) is specs_from_json(grading.spec_json)
    first = start(grading.spec_json, {"students": ["甲", "乙"]}, clock)
    second = restore(
        grading.spec_json, start(grading.spec_json, {"students": ["丙"]}, clock).dump(), clock
    )
    for run, score in [(first, 1), (second, 5), (first, 2)]:
        run.complete_task(run.ready_user_tasks()[0].id, {"score": score})
    assert (first.data["scores"], second.data["scores"]) == ([1, 2], [5])
