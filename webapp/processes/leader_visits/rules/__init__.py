"""校领导听课与实习巡查's pure rules: semesters from the month-day settings, the targets and who
is behind, and the checks on a recorded visit. No Flask, no database."""

from .form import validate_visit
from .semesters import Semester, last_ended, order_problem, semester_of, semester_on
from .targets import KINDS, LEADERS, empty_counts, shortfall_text, shortfalls

__all__ = [
    "KINDS",
    "LEADERS",
    "Semester",
    "empty_counts",
    "last_ended",
    "order_problem",
    "semester_of",
    "semester_on",
    "shortfall_text",
    "shortfalls",
    "validate_visit",
]
