"""Which open step of a case a user may work on now (the pages and the API ask the same)."""

from __future__ import annotations

from webapp.models import ProcessInstance, User, WorkItem
from webapp.models.scope import may_work_on
from webapp.services import instances

LIST_STEPS = ("submit_list", "answer_flags")  # where the school may change its rows


def open_step(instance: ProcessInstance, spec_ids: tuple[str, ...], user: User) -> WorkItem | None:
    return next(
        (
            item
            for item in instances.open_items(instance)
            if item.spec_id in spec_ids and may_work_on(user, item)
        ),
        None,
    )
