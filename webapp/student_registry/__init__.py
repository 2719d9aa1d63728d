"""The student registry (学籍): reference data loaded from the national 学籍 system's export,
which the subsidy checks, registration checks and status changes read."""

from . import models, staging  # noqa: F401 (the tables, for create_all and migrations)
