"""Loops: the guard against SpiffWorkflow's silent stop at task-tree depth 1000."""

from __future__ import annotations

import pytest

from tests.engine.scenario import deploy
from webapp.engine import ScriptError, start

LOOP = deploy("counting_loop.bpmn")["counting_loop"]


def test_short_loop_runs_to_the_end(drive):
    driver = drive(LOOP, {"count": 0, "limit": 20})
    assert driver.run.is_completed
    assert driver.run.data["count"] == 20


def test_runaway_loop_stops_with_a_script_error_instead_of_completing(clock):
    with pytest.raises(ScriptError) as caught:
        start(LOOP.spec_json, {"count": 0, "limit": 10_000}, clock)
    assert caught.value.element in {"increment", "again"}
    assert "循环次数过多" in caught.value.message
