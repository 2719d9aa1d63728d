"""Stored settings: defaults without rows, validated all-or-nothing changes, audit, and reset."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from tests.helpers import count_queries
from tests.settings_store.conftest import DEFINITIONS
from webapp.errors import RuleViolation
from webapp.extensions import db
from webapp.models import Event, Setting
from webapp.settings_store import service

WINDOW = "internship.consent_window_days"
REMINDER = "internship.consent_reminder_days"
CROSS_MESSAGE = "提醒须早于答复期限"


def _rows() -> dict:
    return dict(db.session.execute(select(Setting.key, Setting.value)).all())


def _events() -> list[Event]:
    query = select(Event).where(Event.action == "setting_changed").order_by(Event.seq)
    return list(db.session.scalars(query))


def test_defaults_without_rows(admin):
    assert _rows() == {}
    assert service.get(WINDOW) == 7
    assert service.get("internship.consent_for_all_placements") is True  # 2021 rule
    assert service.get("inspection.reminder_days") == "30,7,1"
    assert service.all_values() == {item.key: item.default for item in DEFINITIONS}


def test_set_and_get(admin, clock):
    errors = service.set_values(
        {WINDOW: "10", "internship.min_pay_ratio": 90, "inspection.reminder_days": "14, 3"},
        admin,
        clock,
    )
    db.session.commit()
    assert errors == {}
    assert service.get(WINDOW) == 10
    assert service.get("internship.min_pay_ratio") == 90
    assert service.get("inspection.reminder_days") == "14,3"
    row = db.session.get(Setting, WINDOW)
    assert row.updated_by_id == admin.id and row.updated_at == clock.now()
    assert service.all_values()[WINDOW] == 10


def test_range_errors_are_in_chinese_and_nothing_is_written(admin, clock):
    errors = service.set_values(
        {WINDOW: "31", "internship.min_pay_ratio": "40", "inspection.min_students": "1500"},
        admin,
        clock,
    )
    assert errors == {WINDOW: "须在 1–30 天之间", "internship.min_pay_ratio": "须在 50%–100%之间"}
    db.session.commit()
    assert _rows() == {} and _events() == []
    assert service.get("inspection.min_students") == 1200


def test_reminder_must_come_before_the_window(admin, clock):
    errors = service.set_values({REMINDER: "7"}, admin, clock)
    assert list(errors) == [REMINDER] and CROSS_MESSAGE in errors[REMINDER]
    assert "第 7 天" in errors[REMINDER] and "（7 天）" in errors[REMINDER]
    # shortening the window below the stored reminder is refused on the window field
    errors = service.set_values({WINDOW: "3"}, admin, clock)
    assert list(errors) == [WINDOW] and CROSS_MESSAGE in errors[WINDOW]
    assert _rows() == {}
    # both at once, consistently, is fine
    assert service.set_values({WINDOW: "3", REMINDER: "2"}, admin, clock) == {}
    assert _rows() == {WINDOW: 3, REMINDER: 2}


def test_cross_rule_waits_for_field_errors(admin, clock):
    errors = service.set_values({WINDOW: "abc", REMINDER: "20"}, admin, clock)
    assert errors == {WINDOW: "请填写整数"}


def test_bad_reminder_day_list_is_refused(admin, clock):
    for text in ("30,7,x", "30,,1", "0", "30,7,7"):
        errors = service.set_values({"inspection.reminder_days": text}, admin, clock)
        assert "inspection.reminder_days" in errors, text
    assert _rows() == {}


def test_audit_event_on_change_only(admin, clock):
    service.set_values({WINDOW: "10", "inspection.min_teachers": "60"}, admin, clock)
    db.session.commit()
    (event,) = _events()
    assert event.subject == f"setting:{WINDOW}" and event.actor_id == admin.id
    assert event.before["value"] == 7 and event.after["value"] == 10
    assert event.after["label"] == "监护人知情同意答复期限"
    assert _rows() == {WINDOW: 10}  # the unchanged default wrote no row
    service.set_values({WINDOW: "10"}, admin, clock)
    db.session.commit()
    assert len(_events()) == 1


def test_unknown_key_raises(admin, clock):
    with pytest.raises(KeyError):
        service.get("internship.consent_window_dayz")
    with pytest.raises(KeyError):
        service.set_values({"internship.consent_window_dayz": "7"}, admin, clock)
    with pytest.raises(KeyError):
        service.reset("internship.consent_window_dayz", admin, clock)


def test_reset_goes_back_to_the_default(admin, clock):
    service.set_values({WINDOW: "10", REMINDER: "8"}, admin, clock)
    db.session.commit()
    with pytest.raises(RuleViolation) as refused:
        service.reset(WINDOW, admin, clock)  # 7 days would come before the 8-day reminder
    assert CROSS_MESSAGE in refused.value.fields[WINDOW]
    assert service.reset(REMINDER, admin, clock) == 3
    assert service.reset(WINDOW, admin, clock) == 7
    db.session.commit()
    assert _rows() == {}
    assert [e.after["value"] for e in _events()] == [10, 8, 3, 7]
    service.reset(WINDOW, admin, clock)  # already the default: nothing happens
    assert len(_events()) == 4


def test_rows_of_retired_settings_are_ignored(admin, clock):
    db.session.add(Setting(key="internship.retired", value=1, updated_at=clock.now()))
    db.session.commit()
    assert "internship.retired" not in service.all_values()


def test_all_values_makes_one_query(admin, clock):
    service.set_values({WINDOW: "10", "internship.min_pay_ratio": "90"}, admin, clock)
    db.session.commit()
    with count_queries() as statements:
        values = service.all_values()
    assert len(statements) == 1
    assert values[WINDOW] == 10 and values["inspection.min_students"] == 1200
    assert db.session.scalar(select(func.count()).select_from(Setting)) == 2
