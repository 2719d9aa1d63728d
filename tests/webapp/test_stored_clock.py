"""The manual clock kept in the database (CLOCK=manual: the demo, trials) is read without
flushing: a row added and stamped with its time afterwards is not written half-filled (this
answered 500 when adding a 违法失信单位 on the demo)."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import func, select

from webapp.clock import StoredClock
from webapp.extensions import db
from webapp.models import Notification
from webapp.models.clock_state import load_stored_now, store_now


def test_reading_the_stored_clock_leaves_a_new_row_alone(demo):
    clock = StoredClock(load_stored_now, store_now)
    with demo.app_context():
        clock.set(datetime(2026, 12, 1, 2, 0, tzinfo=UTC))
        row = Notification(user_id=1, kind="assignment", title="新待办")  # created_at not yet set
        db.session.add(row)
        row.created_at = clock.now()  # a flush here would insert created_at NULL
        db.session.commit()
        stamped = db.session.scalar(
            select(Notification.created_at).where(Notification.id == row.id)
        )
        assert stamped == datetime(2026, 12, 1, 2, 0, tzinfo=UTC)
        assert db.session.scalar(select(func.count()).select_from(Notification)) == 1
