"""The long-running scheduler process: APScheduler calls a sweep on an interval."""

from __future__ import annotations

import logging

from apscheduler.schedulers.blocking import BlockingScheduler
from flask import Flask

from scheduler.housekeeping import Housekeeping
from scheduler.jobs import run_pending, worker_name
from scheduler.sweep import SweepResult, sweep
from webapp.clock import Clock

log = logging.getLogger(__name__)
JOBS_INTERVAL = 2.0  # seconds between looks for background jobs (config JOBS_INTERVAL)


def tick(app: Flask, clock: Clock, housekeeping: Housekeeping) -> SweepResult:
    """One round of the service: every due deadline, then housekeeping when an hour has passed."""
    result = sweep(app, clock)
    housekeeping.run_if_due(app, clock)
    return result


def run_forever(app: Flask, interval_seconds: float) -> None:
    """Catch up at once (oldest first), then sweep every interval; never two sweeps at a time.
    Background jobs run in their own APScheduler job (a thread of its own), so a long one never
    holds up the timers."""
    clock = app.extensions["clock"]
    housekeeping = Housekeeping()
    caught_up = tick(app, clock, housekeeping)
    log.info("caught up: %s fired, %s failed", caught_up.fired, caught_up.failed)
    scheduler = BlockingScheduler(timezone="UTC")
    scheduler.add_job(
        tick,
        "interval",
        args=(app, clock, housekeeping),
        seconds=interval_seconds,
        max_instances=1,
        coalesce=True,
        id="sweep",
    )
    scheduler.add_job(
        run_pending,
        "interval",
        args=(app, clock, worker_name()),
        seconds=app.config.get("JOBS_INTERVAL", JOBS_INTERVAL),
        max_instances=1,
        coalesce=True,
        id="background_jobs",
    )
    scheduler.start()
