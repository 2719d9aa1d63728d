"""Long-running background jobs, run by the scheduler processes with progress and retries."""

from .models import STATES, BackgroundJob
from .service import (
    RUNNERS,
    STALE,
    JobLost,
    claim_next,
    enqueue,
    get_visible,
    register,
    run,
    run_pending,
    unregister,
)

__all__ = [
    "RUNNERS",
    "STALE",
    "STATES",
    "BackgroundJob",
    "JobLost",
    "claim_next",
    "enqueue",
    "get_visible",
    "register",
    "run",
    "run_pending",
    "unregister",
]
