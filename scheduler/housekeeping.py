"""Housekeeping the scheduler service does besides deadlines, at most once an hour by the clock:
removing what uploads left behind (webapp.services.orphaned_uploads), and each process's own
housekeeping hook (yearly jobs such as the major-adjustment suggestions)."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from flask import Flask

from webapp.clock import Clock
from webapp.extensions import db
from webapp.services import orphaned_uploads, process_hooks

log = logging.getLogger(__name__)
EVERY = timedelta(hours=1)


class Housekeeping:
    """Remembers when it last ran, so a service sweeping every second does this hourly."""

    def __init__(self, every: timedelta = EVERY) -> None:
        self.every = every
        self.last_run: datetime | None = None

    def due(self, now: datetime) -> bool:
        """Due at first, an interval after the last run, or when the clock was set back."""
        last = self.last_run
        return last is None or not last <= now < last + self.every

    def run_if_due(self, app: Flask, clock: Clock) -> orphaned_uploads.Removed | None:
        """What was removed; None when not due, or when it failed (logged; tried again an hour
        later)."""
        with app.app_context():
            now = clock.now()
            if not self.due(now):
                return None
            self.last_run = now
            try:
                removed = orphaned_uploads.sweep(app.config["UPLOAD_DIR"], clock)
                db.session.commit()
            except Exception:  # housekeeping must never stop deadlines from firing
                db.session.rollback()
                log.exception("removing orphaned uploads failed")
                return None
            finally:
                _processes(clock)
                db.session.remove()
        if removed.files or removed.uploads:
            log.info(
                "housekeeping: removed %d orphaned files and %d unlinked uploads",
                len(removed.files),
                len(removed.uploads),
            )
        return removed


def _processes(clock: Clock) -> None:
    """The processes' housekeeping in one transaction after the uploads' (each process in its
    own savepoint, see process_hooks.housekeeping); a failure is logged, not raised."""
    try:
        process_hooks.housekeeping(clock)
        db.session.commit()
    except Exception:
        db.session.rollback()
        log.exception("process housekeeping failed")
