"""The long-running scheduler process: APScheduler calls a sweep on an interval."""

from __future__ import annotations

import logging

from apscheduler.schedulers.blocking import BlockingScheduler
from flask import Flask

from scheduler.sweep import sweep

log = logging.getLogger(__name__)


def run_forever(app: Flask, interval_seconds: float) -> None:
    """Catch up at once (oldest first), then sweep every interval; never two sweeps at a time."""
    clock = app.extensions["clock"]
    caught_up = sweep(app, clock)
    log.info("caught up: %s fired, %s failed", caught_up.fired, caught_up.failed)
    scheduler = BlockingScheduler(timezone="UTC")
    scheduler.add_job(
        sweep,
        "interval",
        args=(app, clock),
        seconds=interval_seconds,
        max_instances=1,
        coalesce=True,
        id="sweep",
    )
    scheduler.start()
