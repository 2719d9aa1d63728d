"""Who reviews a case: each expert-review task goes to one expert — first the ones the province
named, then the expert with the fewest open reviews — never to one already asked on this case
(an expert who declared a conflict is replaced by someone new)."""

from __future__ import annotations

from sqlalchemy import func, select

from webapp.clock import Clock
from webapp.extensions import db
from webapp.models import ProcessInstance, User, WorkItem
from webapp.services import notifications

REVIEW_TASK = "expert_review"


def pool() -> list[User]:
    """Active expert accounts (专家库)."""
    query = select(User).where(User.role == "expert", User.active.is_(True)).order_by(User.id)
    return list(db.session.scalars(query))


def open_reviews() -> dict[int, int]:
    """Open review tasks per expert, to spread the work."""
    query = (
        select(WorkItem.candidate_user_id, func.count())
        .where(WorkItem.spec_id == REVIEW_TASK, WorkItem.status == "open")
        .group_by(WorkItem.candidate_user_id)
    )
    return {user_id: count for user_id, count in db.session.execute(query) if user_id}


def assign(
    instance: ProcessInstance,
    items: list[WorkItem],
    wanted: list[str],
    clock: Clock,
    quiet: bool = False,
) -> None:
    """Give each new review item an expert not yet asked on this case, and tell them."""
    asked = set(
        db.session.scalars(
            select(WorkItem.candidate_user_id).where(
                WorkItem.instance_id == instance.id,
                WorkItem.spec_id == REVIEW_TASK,
                WorkItem.candidate_user_id.is_not(None),
            )
        )
    )
    experts = pool()
    load = open_reviews()
    by_name = {user.username: user for user in experts}
    ranked = [by_name[name] for name in wanted if name in by_name]
    ranked += sorted(experts, key=lambda user: (load.get(user.id, 0), user.id))
    unassigned = []
    for item in items:
        chosen = next((user for user in ranked if user.id not in asked), None)
        if chosen is None:
            unassigned.append(item)
            continue
        item.candidate_user_id = chosen.id
        asked.add(chosen.id)
        db.session.flush()
        notifications.notify_work_item(item, "assignment", clock, users=[chosen])
    if unassigned and not quiet:
        notifications.notify_lane(
            instance,
            "province",
            f"专家库中已没有未参与本案的专家，{len(unassigned)} 个评审席位无人评审；"
            "请增加专家账号，系统将在一小时内自动补派",
            clock,
        )


def assign_waiting(clock: Clock) -> int:
    """Review items that found no expert, given one now if the pool has grown; an item whose
    expert's account was disabled goes to someone else."""
    disabled = select(User.id).where(User.role == "expert", User.active.is_(False))
    for item in db.session.scalars(
        select(WorkItem).where(
            WorkItem.spec_id == REVIEW_TASK,
            WorkItem.status == "open",
            WorkItem.candidate_user_id.in_(disabled),
        )
    ):
        item.candidate_user_id, item.assignee_id = None, None
    db.session.flush()
    waiting = db.session.scalars(
        select(WorkItem)
        .where(
            WorkItem.spec_id == REVIEW_TASK,
            WorkItem.process_key == "major_adjustment",
            WorkItem.status == "open",
            WorkItem.candidate_user_id.is_(None),
        )
        .order_by(WorkItem.id)
    ).all()
    for item in waiting:
        assign(item.instance, [item], [], clock, quiet=True)
    return sum(1 for item in waiting if item.candidate_user_id is not None)
