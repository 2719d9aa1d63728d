"""The workday functions inside a BPMN diagram: a script, and a timer capped by a fixed date."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.engine.scenario import Driver
from webapp.clock import ManualClock
from webapp.engine import parse_files
from webapp.workdays.calendar import WorkdayCalendar
from webapp.workdays.script_functions import workday_functions

DIAGRAM = Path(__file__).parent / "diagrams" / "registration_deadline.bpmn"


@pytest.fixture(params=[False, True], ids=["straight", "round_trip"])
def drive(request):
    functions = workday_functions(WorkdayCalendar())
    (process,) = parse_files([DIAGRAM], functions=functions)
    clock = ManualClock(datetime(2025, 9, 15, 1, 0, tzinfo=UTC))

    def factory(data: dict) -> Driver:
        return Driver(process, clock, request.param, functions).start(data)

    return factory, functions, clock


def test_twenty_working_days_through_national_day(drive):
    factory, functions, _clock = drive
    driver = factory({"enrolled_on": "2025-09-15", "hard_deadline": "2025-11-20"})
    assert driver.run.data["due_on"] == "2025-10-17"
    assert driver.run.data["working_day"] is True
    (timer,) = driver.run.waiting_timers()
    assert timer.due_at == datetime(2025, 10, 17, 15, 59, 59, tzinfo=UTC)
    assert not functions.usage.provisional


def test_the_fixed_date_caps_the_working_day_deadline(drive):
    factory, functions, _clock = drive
    driver = factory({"enrolled_on": "2025-11-03", "hard_deadline": "2025-11-20"})
    assert driver.run.data["due_on"] == "2025-12-01"
    (timer,) = driver.run.waiting_timers()
    assert timer.due_at == datetime(2025, 11, 20, 15, 59, 59, tzinfo=UTC)
    assert driver.advance(days=67) == 1
    assert driver.run.is_completed


def test_a_year_without_data_is_flagged_after_the_step(drive):
    factory, functions, _clock = drive
    factory({"enrolled_on": "2026-12-20", "hard_deadline": "2027-11-20"})
    assert functions.usage.provisional
