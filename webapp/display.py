"""How times and deadlines are shown: UTC stored, local time (TIMEZONE) displayed."""

from __future__ import annotations

from datetime import datetime

from flask import Flask, current_app

from webapp import sources
from webapp.audit import label as action_label
from webapp.local_time import local_zone
from webapp.taskforms import case_fields, option_label


def local(moment: datetime | None) -> datetime | None:
    return moment.astimezone(local_zone()) if moment else None


def date_text(moment: datetime | None) -> str:
    return local(moment).strftime("%Y-%m-%d") if moment else ""


def datetime_text(moment: datetime | None) -> str:
    return local(moment).strftime("%Y-%m-%d %H:%M") if moment else ""


def days_left(due: datetime | None, now: datetime) -> int | None:
    """Calendar days from today to the due date, in local time; negative when overdue."""
    if due is None:
        return None
    return (local(due).date() - local(now).date()).days


def is_overdue(due: datetime | None, now: datetime) -> bool:
    return due is not None and due < now


def fields_of(definition) -> dict:
    """Labels for showing an instance's data: every field of its process's forms, those of
    forms/ and those a Camunda Modeler diagram gave its tasks."""
    from webapp.services.task_forms import task_form

    forms_dir = current_app.config["FORMS_DIR"]
    tasks = [
        (task["process_key"], task.get("form_key") or task["id"], task)
        for task in definition.user_tasks
    ]
    fields = case_fields(forms_dir, [(key, form_key) for key, form_key, _task in tasks])
    for key, form_key, task in tasks:
        if task.get("camunda_form"):
            form = task_form(forms_dir, definition, key, form_key, task["id"])
            for field in form.fields() if form else []:
                fields.setdefault(field.name, field)
    return fields


def register(app: Flask) -> None:
    app.jinja_env.filters["date"] = date_text
    app.jinja_env.filters["datetime"] = datetime_text
    app.jinja_env.globals["action_label"] = action_label
    app.jinja_env.globals["option_label"] = option_label
    app.jinja_env.globals["sources"] = sources
    from webapp.case_view import readable

    app.jinja_env.globals["readable"] = readable
