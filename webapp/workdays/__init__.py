"""Working days: the statutory calendar (package data plus admin overrides) and its uses."""

from .calendar import WorkdayCalendar, WorkdayResult

__all__ = ["WorkdayCalendar", "WorkdayResult"]
