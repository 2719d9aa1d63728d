"""The pure working-day calendar against the real chinesecalendar data (2004–2026 in 1.11.0)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import chinese_calendar
import pytest

from webapp.workdays.calendar import (
    WorkdayCalendar,
    WorkdayResult,
    package_covers,
    package_special_days,
    package_year_range,
)

CAL = WorkdayCalendar()


def test_package_covers_2004_to_2026():
    assert package_year_range() == (2004, 2026)
    assert package_covers(2026) and not package_covers(2027) and not package_covers(2003)


def test_saturday_start_is_not_counted():
    saturday = date(2026, 3, 7)
    assert CAL.add_working_days(saturday, 1) == date(2026, 3, 9)  # Monday is day 1
    assert CAL.add_working_days(saturday, 5) == date(2026, 3, 13)
    # chinesecalendar's own find_workday is one day late here: why we do not use it
    assert chinese_calendar.find_workday(1, saturday) == date(2026, 3, 10)


def test_working_day_start_is_not_counted():
    monday = date(2026, 3, 2)
    assert CAL.add_working_days(monday, 1) == date(2026, 3, 3)
    assert CAL.add_working_days(monday, 5) == date(2026, 3, 9)
    assert chinese_calendar.find_workday(1, monday) == date(2026, 3, 3)


def test_national_day_2025_with_its_makeup_weekend_days():
    # 2025: 10-01..10-08 off; Sunday 09-28 and Saturday 10-11 are 调休 working days
    assert CAL.add_working_days(date(2025, 9, 30), 1) == date(2025, 10, 9)
    assert CAL.add_working_days(date(2025, 9, 26), 1) == date(2025, 9, 28)
    assert CAL.add_working_days(date(2025, 9, 27), 2) == date(2025, 9, 29)
    assert CAL.add_working_days(date(2025, 10, 1), 1) == date(2025, 10, 9)
    assert CAL.add_working_days(date(2025, 10, 9), 2) == date(2025, 10, 11)
    assert CAL.is_working_day(date(2025, 9, 28)) and CAL.is_working_day(date(2025, 10, 11))
    assert not CAL.is_working_day(date(2025, 10, 8))
    assert CAL.working_days_between(date(2025, 9, 30), date(2025, 10, 8)) == 0


def test_spring_festival_2026():
    # 2026: 02-15..02-23 off; Saturdays 02-14 and 02-28 are 调休 working days
    assert CAL.add_working_days(date(2026, 2, 13), 1) == date(2026, 2, 14)
    assert CAL.add_working_days(date(2026, 2, 13), 2) == date(2026, 2, 24)
    assert CAL.add_working_days(date(2026, 2, 15), 1) == date(2026, 2, 24)
    assert CAL.add_working_days(date(2026, 2, 27), 1) == date(2026, 2, 28)
    assert CAL.working_days_between(date(2026, 2, 13), date(2026, 2, 28)) == 6


def test_twenty_working_days_for_registration():
    # 2025-09-15 + 20 runs through the National Day break (checked day by day with is_workday)
    assert CAL.deadline(date(2025, 9, 15), 20) == WorkdayResult(date(2025, 10, 17), False)


def test_year_without_data_is_weekdays_only_and_provisional():
    assert not CAL.has_data(2035)
    assert CAL.add_working_days(date(2035, 1, 5), 1) == date(2035, 1, 8)  # Friday -> Monday
    assert CAL.is_working_day(date(2035, 10, 1))  # a Monday: National Day unknown yet
    assert CAL.deadline(date(2035, 1, 5), 10) == WorkdayResult(date(2035, 1, 19), True)


def test_provisional_only_when_the_count_reaches_a_year_without_data():
    assert CAL.deadline(date(2026, 12, 28), 3) == WorkdayResult(date(2026, 12, 31), False)
    assert CAL.deadline(date(2026, 12, 28), 4) == WorkdayResult(date(2027, 1, 1), True)
    assert CAL.deadline(date(2027, 3, 1), 0) == WorkdayResult(date(2027, 3, 1), False)


def test_completed_year_stops_being_provisional():
    entered = WorkdayCalendar({date(2027, 2, 8): False}, complete_years=frozenset({2027}))
    assert entered.has_data(2027)
    assert entered.deadline(date(2027, 2, 5), 1) == WorkdayResult(date(2027, 2, 9), False)


def test_overrides_beat_the_package():
    calendar = WorkdayCalendar({date(2026, 3, 4): False, date(2026, 3, 7): True})
    assert not calendar.is_working_day(date(2026, 3, 4))  # a Wednesday made a day off
    assert calendar.is_working_day(date(2026, 3, 7))  # a Saturday made a working day
    assert calendar.add_working_days(date(2026, 3, 3), 1) == date(2026, 3, 5)
    assert calendar.add_working_days(date(2026, 3, 6), 1) == date(2026, 3, 7)
    assert calendar.working_days_between(date(2026, 3, 2), date(2026, 3, 8)) == 4
    # a holiday the package knows can be turned back into a working day
    assert WorkdayCalendar({date(2025, 10, 8): True}).add_working_days(date(2025, 9, 30), 1) == (
        date(2025, 10, 8)
    )


def test_n_zero_returns_the_start_and_negative_n_raises():
    assert CAL.add_working_days(date(2026, 2, 15), 0) == date(2026, 2, 15)
    with pytest.raises(ValueError):
        CAL.add_working_days(date(2026, 3, 2), -1)
    with pytest.raises(TypeError):
        CAL.add_working_days(datetime(2026, 3, 2, 9, 0), 1)


@pytest.mark.parametrize("first", [date(2025, 9, 1), date(2026, 1, 20), date(2026, 12, 1)])
def test_working_days_between_agrees_with_add_working_days(first):
    calendar = WorkdayCalendar({date(2026, 12, 31): False, date(2027, 1, 2): True})
    for offset in range(0, 70, 3):
        start = first + timedelta(days=offset)
        for n in range(0, 26):
            end = calendar.add_working_days(start, n)
            assert calendar.working_days_between(start, end) == n
            assert calendar.working_days_between(end, start) == -n
            if n:
                assert calendar.is_working_day(end)
                assert calendar.working_days_between(start, end - timedelta(days=1)) == n - 1


def test_package_special_days_name_holidays_and_makeup_days_in_chinese():
    days = {d.day: d for d in package_special_days(2026)}
    assert days[date(2026, 2, 17)].note == "春节" and not days[date(2026, 2, 17)].is_working
    assert days[date(2026, 2, 28)].is_working
    assert package_special_days(2035) == ()


def test_long_counts_build_each_year_once():
    calendar = WorkdayCalendar()
    for offset in range(300):
        calendar.add_working_days(date(2025, 1, 1) + timedelta(days=offset), 250)
    assert sorted(calendar._years) == [2025, 2026]
    # 248 working days in 2025 after New Year's Day, 248 in 2026, then 2027 weekdays-only
    assert calendar.deadline(date(2025, 1, 1), 500) == WorkdayResult(date(2027, 1, 6), True)
