"""The functions BPMN expressions call: JSON-safe results, local dates, and a usage record."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from webapp.workdays.calendar import WorkdayCalendar
from webapp.workdays.script_functions import WorkdayCall, workday_functions


@pytest.fixture
def functions():
    return workday_functions(WorkdayCalendar())


def test_add_working_days_accepts_dates_strings_and_datetimes(functions):
    add = functions["add_working_days"]
    assert add(date(2025, 9, 30), 1) == "2025-10-09"
    assert add("2025-09-30", 1) == "2025-10-09"
    assert add("2026-03-07", 1) == "2026-03-09"  # Saturday start not counted
    # 17:00 UTC on 30 Sep is already 1 Oct in Shanghai
    assert add(datetime(2025, 9, 30, 17, 0, tzinfo=UTC), 1) == "2025-10-09"
    assert add("2025-09-30T08:00:00+08:00", 1) == "2025-10-09"
    assert add("2025-09-30T09:00:00", 0) == "2025-09-30"  # naive means local


def test_bad_arguments_raise(functions):
    with pytest.raises(ValueError):
        functions["add_working_days"]("2025-13-01", 1)
    with pytest.raises(ValueError):
        functions["add_working_days"]("2025-09-30", -1)
    with pytest.raises(TypeError):
        functions["add_working_days"]("2025-09-30", "3")


def test_deadline_is_end_of_the_local_working_day(functions):
    deadline = functions["working_day_deadline"]("2026-02-13", 2)
    assert deadline == "2026-02-24T23:59:59+08:00"
    assert datetime.fromisoformat(deadline).astimezone(UTC) == datetime(
        2026, 2, 24, 15, 59, 59, tzinfo=UTC
    )


def test_no_later_than_takes_the_earlier_and_reads_dates_as_end_of_day(functions):
    cap = functions["no_later_than"]
    assert cap("2026-11-25T23:59:59+08:00", "2026-11-20") == "2026-11-20T23:59:59+08:00"
    assert cap("2026-11-18T23:59:59+08:00", "2026-11-20") == "2026-11-18T23:59:59+08:00"
    assert cap("2026-11-20T16:00:00+00:00", "2026-11-20") == "2026-11-20T23:59:59+08:00"


def test_between_and_is_working_day(functions):
    assert functions["working_days_between"]("2025-09-30", "2025-10-09") == 1
    assert functions["working_days_between"]("2025-10-09", "2025-09-30") == -1
    assert functions["is_working_day"]("2025-09-28") is True
    assert functions["is_working_day"](date(2025, 10, 1)) is False


def test_usage_lists_each_call_and_flags_provisional_results(functions):
    functions["add_working_days"]("2026-03-02", 1)
    assert not functions.usage.provisional
    functions["working_day_deadline"]("2026-12-30", 5)
    assert functions.usage.provisional
    assert functions.usage.calls == [
        WorkdayCall("add_working_days", ("2026-03-02", 1), "2026-03-03", False),
        WorkdayCall("working_day_deadline", ("2026-12-30", 5), "2027-01-06T23:59:59+08:00", True),
    ]
    functions.usage.clear()
    functions["is_working_day"]("2035-10-01")
    assert functions.usage.provisional


def test_the_mapping_holds_only_callables(functions):
    assert set(functions) == {
        "add_working_days",
        "working_day_deadline",
        "working_days_between",
        "is_working_day",
        "no_later_than",
    }
    assert all(callable(f) for f in dict(functions).values())
