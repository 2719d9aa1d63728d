"""The internship process's tables: guardians' consent requests and the 违法失信单位 list."""

from .consent import ConsentRequest
from .unit_blacklist import BlacklistedUnit

__all__ = ["BlacklistedUnit", "ConsentRequest"]
