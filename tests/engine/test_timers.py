"""Timers read the Run's Clock: boundary durations, timeDate, cycles, computed deadlines."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from tests.engine.scenario import START, Driver, deploy
from webapp.clock import ManualClock

TIMED_REVIEW = deploy("timed_review.bpmn")["timed_review"]


def test_boundary_timer_reports_due_time_from_the_clock(drive):
    driver = drive(TIMED_REVIEW)
    (timer,) = driver.run.waiting_timers()
    assert timer.spec_id == "review_overdue"
    assert timer.due_at == START + timedelta(days=7)
    assert timer.due_at.tzinfo is not None


def test_boundary_timer_fires_only_once_the_clock_passes_due(drive):
    driver = drive(TIMED_REVIEW)
    assert driver.advance(days=6, hours=23) == 0
    assert driver.ready() == ["review"]
    assert driver.advance(hours=1) == 1
    assert driver.ready() == []
    assert driver.run.is_completed
    assert driver.run.data["overdue"] is True
    states = driver.run.step_states()
    assert states["review_overdue"] == "completed"
    assert "review" not in states  # cancelled elements are not reported


def test_completing_the_task_cancels_its_boundary_timer(drive):
    driver = drive(TIMED_REVIEW)
    driver.complete("review")
    assert driver.run.waiting_timers() == []
    assert driver.advance(days=30) == 0
    assert driver.run.is_completed
    assert "overdue" not in driver.run.data


def test_runs_with_different_clocks_do_not_share_time(round_trip):
    early, late = ManualClock(START), ManualClock(START + timedelta(days=10))
    first = Driver(TIMED_REVIEW, early, round_trip).start({})
    second = Driver(TIMED_REVIEW, late, round_trip).start({})
    assert second.run.waiting_timers()[0].due_at == START + timedelta(days=17)
    assert second.run.fire_due_timers() == 0
    late.advance(timedelta(days=7))
    assert second.run.fire_due_timers() == 1
    assert first.run.fire_due_timers() == 0
    assert first.ready() == ["review"]


def test_intermediate_time_date_timer_waits_for_the_date(drive):
    process = deploy("scheduled_notice.bpmn")["scheduled_notice"]
    driver = drive(process)
    due = datetime(2026, 3, 10, 1, 0, tzinfo=timezone.utc)  # 09:00 +08:00
    assert [t.due_at for t in driver.run.waiting_timers()] == [due]
    assert driver.ready() == []
    assert driver.advance(days=7, hours=23, minutes=59) == 0
    assert driver.advance(minutes=1) == 1
    assert driver.ready() == ["publish"]
    assert driver.run.waiting_timers() == []


def test_time_date_already_past_at_start_fires_at_once(clock, round_trip):
    process = deploy("scheduled_notice.bpmn")["scheduled_notice"]
    clock.set(datetime(2026, 4, 1, tzinfo=timezone.utc))
    driver = Driver(process, clock, round_trip).start({})
    assert driver.ready() == ["publish"]


def test_cycle_timer_repeats_on_the_clock(drive):
    process = deploy("reminders.bpmn")["reminders"]
    driver = drive(process)
    assert [t.due_at for t in driver.run.waiting_timers()] == [START + timedelta(days=1)]
    assert driver.advance(days=1) == 1
    assert driver.run.data.get("reminded") is True
    assert [t.due_at for t in driver.run.waiting_timers()] == [START + timedelta(days=2)]
    assert driver.advance(days=1) == 1
    assert driver.advance(days=5) == 0
    assert driver.ready() == ["review"]
    driver.complete("review")
    assert driver.run.is_completed


def add_working_days(start: datetime, days: int) -> datetime:
    """Stand-in for the calendar service: skips weekends only."""
    current = start
    while days:
        current += timedelta(days=1)
        days -= current.weekday() < 5
    return current


FUNCTIONS = {"add_working_days": add_working_days, "is_working_day": lambda d: d.weekday() < 5}


def test_domain_functions_work_in_conditions_and_timers(drive):
    process = deploy("working_days.bpmn", functions=FUNCTIONS)["working_days"]
    driver = drive(process, {"submitted_on": "2026-03-02"}, functions=FUNCTIONS)
    assert driver.ready() == ["handle_on_time"]
    (timer,) = driver.run.waiting_timers()
    assert timer.due_at == datetime(2026, 3, 5, 1, 0, tzinfo=timezone.utc)
    assert driver.advance(days=3) == 1
    assert driver.run.is_completed
    assert driver.run.step_states()["end_deadline"] == "completed"


def test_domain_function_condition_takes_the_default_flow(drive):
    process = deploy("working_days.bpmn", functions=FUNCTIONS)["working_days"]
    driver = drive(process, {"submitted_on": "2026-03-07"}, functions=FUNCTIONS)  # Saturday
    assert driver.ready() == ["handle_late"]
    assert driver.run.waiting_timers() == []
