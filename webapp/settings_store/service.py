"""Read settings (stored value, else default) and change them with validation and audit.

Services add and flush; the view commits. Each change is audited as "setting_changed" with
subject "setting:<key>" and the value before and after.
"""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import select

from webapp import audit
from webapp.clock import Clock
from webapp.errors import RuleViolation
from webapp.extensions import db
from webapp.models import Setting, User

from .catalogue import cross_rules, definition, definitions
from .definitions import Value
from .parsing import parse


def get(key: str) -> Value:
    """The province's value for `key`, or its default; KeyError for a key nobody defined."""
    known = definition(key)
    row = db.session.get(Setting, key)
    return row.value if row is not None else known.default


def all_values() -> dict[str, Value]:
    """Every known setting's value, read in one query; rows for retired keys are ignored."""
    stored = dict(db.session.execute(select(Setting.key, Setting.value)).all())
    return {item.key: stored.get(item.key, item.default) for item in definitions()}


def set_values(changes: Mapping[str, object], user: User | None, clock: Clock) -> dict[str, str]:
    """Store the changed values; {key: Chinese error} and nothing written if any is refused.

    `changes` maps keys to form text or plain values. Values equal to the current ones write
    nothing, not even an audit event.
    """
    current = all_values()
    proposed, errors = dict(current), {}
    for key, raw in changes.items():
        try:
            proposed[key] = parse(definition(key), raw)
        except ValueError as error:
            errors[key] = str(error)
    errors |= _cross_rule_errors(proposed, set(changes), errors)
    if errors:
        return errors
    for key in changes:
        if proposed[key] != current[key]:
            _write(key, current[key], proposed[key], user, clock)
    db.session.flush()
    return {}


def reset(key: str, user: User | None, clock: Clock) -> Value:
    """Back to the default (the row goes, so a later change of default applies too)."""
    default = definition(key).default
    row = db.session.get(Setting, key)
    if row is None:
        return default
    errors = _cross_rule_errors(all_values() | {key: default}, {key}, {})
    if errors:
        raise RuleViolation(errors[key], errors)
    if row.value != default:
        _audit(key, row.value, default, user, clock)
    db.session.delete(row)
    db.session.flush()
    return default


def _cross_rule_errors(
    values: Mapping[str, Value], changed: set[str], field_errors: Mapping[str, str]
) -> dict[str, str]:
    """Errors of rules between settings, on the fields the user changed.

    A rule whose settings already have a field error is not checked: its values are not known.
    """
    errors: dict[str, str] = {}
    for rule in cross_rules():
        if any(key in field_errors for key in rule.keys):
            continue
        message = rule.check(values)
        if message:
            on = [key for key in rule.keys if key in changed] or [rule.keys[0]]
            errors |= dict.fromkeys(on, message)
    return errors


def _write(key: str, before: Value, after: Value, user: User | None, clock: Clock) -> None:
    row = db.session.get(Setting, key)
    if row is None:
        row = Setting(key=key)
        db.session.add(row)
    row.value = after
    row.updated_at = clock.now()
    row.updated_by_id = user.id if user else None
    _audit(key, before, after, user, clock)


def _audit(key: str, before: Value, after: Value, user: User | None, clock: Clock) -> None:
    label = definition(key).label
    audit.record(
        "setting_changed",
        clock,
        actor=user,
        subject=f"setting:{key}",
        before={"key": key, "label": label, "value": before},
        after={"key": key, "label": label, "value": after},
    )
