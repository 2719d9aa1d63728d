"""Which form a user task shows: its forms/<key>/<task>.json, else the Camunda form fields the
deployed diagram gave it (kept with the version, so a running case keeps its form)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from webapp.models import ProcessDefinition
from webapp.taskforms import CamundaFormError, FormDef, camunda_form, load_form


def task_form(
    forms_dir: str,
    definition: ProcessDefinition,
    process_key: str,
    form_key: str,
    spec_id: str,
) -> FormDef | None:
    """The form of a task of `definition`'s version; None when it has neither."""
    form = load_form(forms_dir, process_key, form_key)
    if form is not None:
        return form
    entry = _user_task(definition.user_tasks or [], process_key, spec_id)
    if entry is None or not entry.get("camunda_form"):
        return None
    try:
        return camunda_form(process_key, form_key, entry["name"], entry["camunda_form"])
    except CamundaFormError:
        return None  # refused at deploy; a version stored before that check has no form


def _user_task(tasks: Sequence[Mapping], process_key: str, spec_id: str) -> Mapping | None:
    return next(
        (t for t in tasks if t.get("id") == spec_id and t.get("process_key") == process_key),
        None,
    )
