"""The long-running scheduler process: APScheduler calls a sweep on an interval."""

from __future__ import annotations

import logging

from apscheduler.schedulers.blocking import BlockingScheduler
from flask import Flask

from scheduler.housekeeping import Housekeeping
from scheduler.sweep import SweepResult, sweep
from webapp.clock import Clock

log = logging.getLogger(__name__)


def tick(app: Flask, clock: Clock, housekeeping: Housekeeping) -> SweepResult:
    """One round of the service: every due deadline, then housekeeping when an hour has passed."""
    result = sweep(app, clock)
    housekeeping.run_if_due(app, clock)
    return result


def run_forever(app: Flask, interval_seconds: float) -> None:
    """Catch up at once (oldest first), then sweep every interval; never two sweeps at a time."""
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
    scheduler.start()
