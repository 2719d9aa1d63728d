"""Finished subprocesses leave the stored state; their steps still show as done."""

from __future__ import annotations

import json

import pytest

from tests.engine.scenario import deploy
from webapp.engine import Run, restore, start

PROCESSES = deploy("guardian_round.bpmn", "inspection.bpmn", "site_check.bpmn")
ROUND, INSPECTION = PROCESSES["guardian_round"], PROCESSES["inspection"]
BULKY = {
    "application": {"students": [{"name": f"学生{i:02d}", "note": "说明" * 50} for i in range(20)]}
}


def _subprocesses(state: str) -> int:
    return len(json.loads(state)["subprocesses"])


def _round_trip(run: Run, clock) -> Run:
    # SpiffWorkflow restores a multi-instance child's data keys in another order than it wrote
    # them (its delta is applied on top of the parent's keys), so the text may differ while the
    # values do not: compare the values.
    state = run.dump()
    restored = restore(ROUND.spec_json, state, clock)
    assert json.loads(restored.dump()) == json.loads(state)
    return restored


@pytest.mark.parametrize("round_trip", [False, True], ids=["straight", "round_trip"])
def test_each_answered_copy_of_a_multi_instance_subprocess_leaves_the_state(clock, round_trip):
    def step(run: Run) -> Run:
        return _round_trip(run, clock) if round_trip else run

    run = step(start(ROUND.spec_json, {"students": ["甲", "乙", "丙"], **BULKY}, clock))
    assert _subprocesses(run.dump()) == 3
    first, *_ = run.ready_user_tasks()
    run.complete_task(first.id, {"agree": True})
    run = step(run)
    assert _subprocesses(run.dump()) == 2  # the answered copy is gone, the two waiting ones stay
    assert len(run.ready_user_tasks()) == 2
    for task in run.ready_user_tasks():
        run.complete_task(task.id, {"agree": False})
        run = step(run)
    assert _subprocesses(run.dump()) == 0
    (review,) = run.ready_user_tasks()
    assert review.spec_id == "review"
    answers = review.data["answers"]
    assert sorted(a["name"] for a in answers) == ["丙", "乙", "甲"]
    assert [a["agree"] for a in answers].count(True) == 1


def test_pruned_steps_still_show_as_done_after_a_round_trip(clock):
    run = start(ROUND.spec_json, {"students": ["甲", "乙"], **BULKY}, clock)
    for task in run.ready_user_tasks():
        run.complete_task(task.id, {"agree": True})
    before = run.step_states()
    state = run.dump()
    restored = restore(ROUND.spec_json, state, clock)
    after = restored.step_states()
    assert before == after
    assert json.loads(restored.dump()) == json.loads(state)
    assert {k: after[k] for k in ("ask_guardian", "record", "ask_each", "review")} == {
        "ask_guardian": "completed",
        "record": "completed",
        "ask_each": "completed",
        "review": "ready",
    }


def test_the_state_no_longer_grows_with_the_copies_of_the_case(clock):
    """Twenty finished copies of a bulky case cost about what one unfinished case does."""
    data = {"students": [f"学生{i}" for i in range(20)], **BULKY}
    run = start(ROUND.spec_json, data, clock)
    waiting = len(run.dump().encode())
    for task in run.ready_user_tasks():
        run.complete_task(task.id, {"agree": True})
    finished = len(run.dump().encode())
    assert finished * 5 < waiting


def test_a_called_process_is_pruned_once_its_call_activity_has_completed(drive):
    driver = drive(INSPECTION, {"school": "一中"})
    assert _subprocesses(driver.run.dump()) == 1
    driver.complete("inspect_site", {"passed": True, "findings": "良好"})
    assert _subprocesses(driver.run.dump()) == 0
    states = driver.run.step_states()
    assert states["inspect_site"] == "completed" and states["follow_up"] == "ready"
    driver.complete("follow_up")
    assert driver.run.is_completed
