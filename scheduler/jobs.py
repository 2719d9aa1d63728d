"""Background jobs in the scheduler service: claim and run them one at a time, apart from the sweep."""

from __future__ import annotations

import os
import socket

from flask import Flask

from webapp import jobs
from webapp.clock import Clock
from webapp.extensions import db


def worker_name() -> str:
    """Who holds a claim, for people reading `flask jobs list`: host and process id."""
    return f"{socket.gethostname()}:{os.getpid()}"[:100]


def run_pending(
    app: Flask, clock: Clock, worker: str | None = None, limit: int | None = None
) -> int:
    """Run every pending job (or `limit` of them) in its own app context; how many ran."""
    with app.app_context():
        try:
            return jobs.run_pending(worker or worker_name(), clock, limit)
        finally:
            db.session.remove()
