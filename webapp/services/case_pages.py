"""What the case and task pages show, each gathered in one call and scoped to the user.

The pages decide nothing themselves: whether the user may act on a task comes from
`models.scope`, and every record is read through the services that check visibility.
"""

from __future__ import annotations

from dataclasses import dataclass

from webapp.clock import Clock
from webapp.errors import Conflict
from webapp.extensions import db
from webapp.models import Attachment, Event, IssuedDocument, ProcessInstance, User, WorkItem
from webapp.models.document import for_instance as documents_of
from webapp.models.scope import may_act, may_work_on
from webapp.services import attachments, instances, runs, tasks
from webapp.taskforms import FormDef


@dataclass(frozen=True)
class CaseView:
    """An instance with its open steps, history, files and issued documents."""

    instance: ProcessInstance
    open_items: list[WorkItem]
    history: list[Event]
    files: list[Attachment]
    documents: list[IssuedDocument]


@dataclass(frozen=True)
class TaskView:
    """A work item with its form, whether the user may act on it now, and the case so far."""

    item: WorkItem
    form: FormDef
    can_act: bool
    history: list[Event]
    files: list[Attachment]


def case_view(instance_id: int, user: User) -> CaseView:
    instance = instances.get_visible(instance_id, user)
    return CaseView(
        instance=instance,
        open_items=instances.open_items(instance),
        history=instances.history(instance),
        files=attachments.for_instance(instance.id),
        documents=list(db.session.scalars(documents_of(instance.id))),
    )


def task_view(item_id: int, user: User, forms_dir: str) -> TaskView:
    item = tasks.get_visible(item_id, user)
    return TaskView(
        item=item,
        form=tasks.form_for(item, forms_dir),
        can_act=may_work_on(user, item),
        history=instances.history(item.instance),
        files=attachments.for_instance(item.instance_id),
    )


def submission_form(item_id: int, user: User, forms_dir: str) -> tuple[WorkItem, FormDef]:
    """The item a task page posts to and its form; Conflict before anything is stored when
    the item is closed or not the user's to act on."""
    item = tasks.get_visible(item_id, user)
    if item.status != "open" or not may_act(user, item):
        raise Conflict("您不能办理该任务（已办结或不在您的办理范围内）。")
    return item, tasks.form_for(item, forms_dir)


def first_task_for(instance: ProcessInstance, user: User) -> WorkItem | None:
    """The first open step of the instance that the user may work on (the starter's own form)."""
    return next((item for item in instances.open_items(instance) if may_work_on(user, item)), None)


def diagram_states(instance_id: int, user: User, clock: Clock) -> tuple[ProcessInstance, dict]:
    """The instance and the state of each of its diagram's steps, for drawing."""
    instance = instances.get_visible(instance_id, user)
    return instance, runs.restore(instance, clock).step_states()
