"""Calling a process's hooks (webapp/processes/base.py HOOKS) at the moments the platform knows:
an instance starting, a form's rules, a step that opened work items, a saved step."""

from __future__ import annotations

import copy
import logging
from datetime import date

from webapp import engine
from webapp.clock import Clock
from webapp.extensions import db
from webapp.models import Organisation, ProcessInstance, WorkItem
from webapp.processes.registry import current
from webapp.taskforms import FormDef, with_rule_errors

log = logging.getLogger(__name__)


def hook(process_key: str, name: str):
    """A process's hook by name, or None."""
    return current().hook(process_key, name)


def items_created(
    instance: ProcessInstance, created: list[tuple[WorkItem, engine.ReadyTask]], clock: Clock
) -> None:
    hook = current().hook(instance.process_key, "items_created") if created else None
    if hook:
        hook(instance, created, clock)


def start_data(process_key: str, given: dict, school: Organisation | None) -> dict:
    hook = current().hook(process_key, "start_data")
    return hook(given, school) if hook else {}


def rule_context(
    process_key: str, today: date, school: Organisation | None, instance: ProcessInstance | None
) -> dict:
    hook = current().hook(process_key, "rule_context")
    return hook(today, school, instance) if hook else {}


def case_title(process_key: str, data: dict, school: Organisation | None) -> str | None:
    hook = current().hook(process_key, "case_title")
    return hook(data, school) if hook else None


def start_notice(process_key: str, school: Organisation | None, today: date) -> str | None:
    hook = current().hook(process_key, "start_notice")
    return hook(school, today) if hook else None


def check_start(process_key: str, school: Organisation | None) -> None:
    hook = current().hook(process_key, "start_guard")
    if hook:
        hook(school)


def saved(instance: ProcessInstance, clock: Clock) -> None:
    hook = current().hook(instance.process_key, "after_save")
    if hook:
        hook(instance, clock)


def housekeeping(clock: Clock) -> list[str]:
    """Run every process's housekeeping hook, each in its own savepoint: one that fails is
    logged and rolled back without stopping the others. The keys of those that ran."""
    registry = current()
    done = []
    for module in registry.modules:
        hook = registry.hook(module.key, "housekeeping")
        if not hook:
            continue
        try:
            with db.session.begin_nested():
                hook(clock)
        except Exception:
            log.exception("housekeeping of process %s failed", module.key)
            continue
        done.append(module.key)
    return done


def supervision_sheets(user, clock: Clock) -> list:
    """The sheets the processes add to the 督办 export for this user (supervision_sheet hooks)."""
    registry = current()
    hooks = [registry.hook(m.key, "supervision_sheet") for m in registry.modules]
    return [sheet for hook in hooks if hook for sheet in [hook(user, clock)] if sheet is not None]


def visible_data(instance: ProcessInstance, user) -> dict:
    """The case's data as the user may read it (the process may redact it)."""
    data = copy.deepcopy(instance.data or {})
    hook = current().hook(instance.process_key, "visible_data")
    return hook(data, user) if hook else data


def started_by_process(process_key: str) -> str:
    """Why people cannot start the process ("" when they can)."""
    return current().get(process_key).started_by_process


def start_roles(process_key: str) -> tuple[str, ...]:
    """Roles that may start the process (empty: anyone but experts)."""
    return current().get(process_key).start_roles


def case_prefix(process_key: str) -> str:
    return current().get(process_key).case_prefix


def private_forms(process_key: str) -> frozenset[str]:
    return current().get(process_key).private_forms


def has_rules(process_key: str, form_key: str) -> bool:
    return current().validator(process_key, form_key) is not None


def rule_errors(
    process_key: str, form_key: str, data: dict, today: date, context: dict | None = None
) -> dict[str, str]:
    validator = current().validator(process_key, form_key)
    return validator(data, today, context or {}) if validator else {}


def all_errors(
    process_key: str,
    form_key: str,
    form: FormDef,
    data: dict,
    errors: dict[str, str],
    today: date,
    context: dict | None = None,
) -> dict[str, str]:
    """One pass over a submission: the form's schema `errors` and the process's rule errors
    together, so that people see every problem on the first submit. The rules run on data the
    schema refused too (they skip what they cannot read); on a path the schema faulted its
    message wins. A rule that fails on such data is logged and the schema's errors stand."""
    try:
        found = rule_errors(process_key, form_key, data, today, context)
    except Exception:
        if not errors:
            raise
        log.exception("rules of %s/%s failed on data with schema errors", process_key, form_key)
        found = {}
    return with_rule_errors(form, errors, found)
