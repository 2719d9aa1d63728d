"""Other cases in the database (workload 1's "100,000 other instances"): rows a step must not
read, so its time shows whether any statement grows with the tables.

Each filler case has what a real one leaves behind, in the proportions of a season: its
instance row (a small state: filler cases are never restored), three work items (two done, the
third open while the case runs), a history of three events on its own chain with the chain's
head, and a pending deadline while it runs. Spread over the given schools; a third finished.
Inserted directly in batches (what is measured is the step, not this load); PostgreSQL is
ANALYZEd afterwards, as autovacuum would.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import insert, text

BATCH = 5_000


def fill(count: int, definition_id: int, process_key: str, schools: list, user_id: int, now):
    """`count` filler cases over `schools` (Organisation rows); returns how many rows in all."""
    from webapp.extensions import db
    from webapp.models import ChainHead, Deadline, Event, ProcessInstance, WorkItem

    rows = 0
    for start in range(0, count, BATCH):
        numbers = range(start, min(count, start + BATCH))
        placed = [schools[n % len(schools)] for n in numbers]
        ids = db.session.scalars(
            insert(ProcessInstance).returning(ProcessInstance.id, sort_by_parameter_order=True),
            [
                {
                    "definition_id": definition_id,
                    "process_key": process_key,
                    "title": f"往期案件 {n}",
                    "business_key": f"FX-2026-{n:06d}",
                    "school_id": school.id,
                    "city_id": school.parent_id,
                    "starter_id": user_id,
                    "status": "completed" if n % 3 == 0 else "running",
                    "state": "{}",
                    "data": {},
                    "lock_version": 3,
                    "created_at": now - timedelta(days=n % 300),
                    "updated_at": now - timedelta(days=n % 300),
                }
                for n, school in zip(numbers, placed, strict=True)
            ],
        ).all()
        items, events, heads, deadlines = [], [], [], []
        for n, instance_id, school in zip(numbers, ids, placed, strict=True):
            running = n % 3 != 0
            for step in range(3):
                open_now = running and step == 2
                items.append(
                    {
                        "instance_id": instance_id,
                        "task_id": f"filler-{n}-{step}",
                        "spec_id": f"step_{step}",
                        "name": "审核",
                        "process_key": process_key,
                        "form_key": f"step_{step}",
                        "lane": "city",
                        "role": "city_official",
                        "school_id": school.id,
                        "city_id": school.parent_id,
                        "status": "open" if open_now else "completed",
                        "due_at": now + timedelta(days=n % 30 - 10),
                        "created_at": now - timedelta(days=n % 300),
                        "completed_at": None if open_now else now - timedelta(days=n % 300),
                        "completed_by_id": None if open_now else user_id,
                        "title": f"往期案件 {n}",
                    }
                )
                events.append(
                    {
                        "chain": f"instance:{instance_id}",
                        "seq": step + 1,
                        "instance_id": instance_id,
                        "actor_name": "系统",
                        "at": now - timedelta(days=n % 300),
                        "action": "task_completed",
                        "subject": f"filler:{n}",
                        "prev_hash": f"{step:064d}",
                        "hash": f"{step + 1:064d}",
                    }
                )
            heads.append({"chain": f"instance:{instance_id}", "seq": 3, "hash": f"{3:064d}"})
            if running:
                deadlines.append(
                    {
                        "kind": "overdue",
                        "label": "审核",
                        "instance_id": instance_id,
                        "process_key": process_key,
                        "school_id": school.id,
                        "city_id": school.parent_id,
                        "due_at": now + timedelta(days=30 + n % 30),
                        "status": "pending",
                        "attempts": 0,
                        "provisional": False,
                        "created_at": now,
                    }
                )
        for model, values in (
            (WorkItem, items),
            (Event, events),
            (ChainHead, heads),
            (Deadline, deadlines),
        ):
            db.session.execute(insert(model), values)
        rows += len(ids) + len(items) + len(events) + len(heads) + len(deadlines)
        db.session.commit()
    if db.engine.dialect.name == "postgresql":
        db.session.execute(text("ANALYZE"))
        db.session.commit()
    return rows
