"""The annual inspection's tables: rounds (one per year) and each school's case in a round."""

from .rounds import InspectionCase, InspectionRound

__all__ = ["InspectionCase", "InspectionRound"]
