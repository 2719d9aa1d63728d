"""The blacklist service: add, remove, expiry, what blocks, duplicates, and the audit trail."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from tests.processes.internship_approval.blacklist.conftest import BAD_CHECK, TODAY, UNIT_A, UNIT_B
from webapp.errors import Conflict, NotFound, RuleViolation
from webapp.extensions import db
from webapp.models import Event
from webapp.processes.internship_approval.blacklist import service
from webapp.processes.internship_approval.models import BlacklistedUnit
from webapp.processes.internship_approval.rules.unit import blacklisted_field


def _entries() -> list[BlacklistedUnit]:
    return list(db.session.scalars(select(BlacklistedUnit).order_by(BlacklistedUnit.id)))


def _events() -> list[Event]:
    return list(db.session.scalars(select(Event).where(Event.action == "blacklist_changed")))


def test_add_lists_a_unit_and_audits_it(admin, clock):
    entry, outcome = service.add(
        {
            "credit_code": UNIT_A.lower(),
            "unit_name": " 沈阳某某劳务派遣有限公司 ",
            "reason": "拖欠实习学生报酬",
            "source": "辽宁省失信名单（2025）第3号",
            "listed_on": "2025-06-01",
        },
        admin,
        clock,
    )
    db.session.commit()
    assert outcome == "created"
    assert (entry.credit_code, entry.unit_name) == (UNIT_A, "沈阳某某劳务派遣有限公司")
    assert entry.listed_on == date(2025, 6, 1) and entry.expires_on is None and entry.active
    assert entry.updated_by_id == admin.id and entry.created_at == clock.now()
    [event] = _events()
    assert event.subject == f"blacklist:{entry.id}" and event.before is None
    assert event.after["credit_code"] == UNIT_A and event.actor_id == admin.id


def test_blocking_entries_hold_codes_and_names(admin, clock):
    service.add({"credit_code": UNIT_A, "unit_name": "沈阳某某有限公司"}, admin, clock)
    service.add({"unit_name": "大连某某(集团)有限公司"}, admin, clock)
    service.add({"credit_code": UNIT_B}, admin, clock)
    assert service.blocking_entries(TODAY) == [
        UNIT_A,
        "沈阳某某有限公司",
        "大连某某(集团)有限公司",
        UNIT_B,
    ]


def test_the_internship_rules_match_what_blocks(admin, clock):
    service.add({"unit_name": "大连某某(集团)有限公司"}, admin, clock)
    service.add({"credit_code": UNIT_A, "unit_name": "沈阳某某有限公司"}, admin, clock)
    blacklist = service.blocking_entries(TODAY)
    by_name = {"unit_name": "大连某某（集团） 有限公司", "unit_credit_code": UNIT_B}
    by_code = {"unit_name": "另一个名字", "unit_credit_code": UNIT_A.lower()}
    assert blacklisted_field(by_name, blacklist) == "unit_name"
    assert blacklisted_field(by_code, blacklist) == "unit_credit_code"


def test_expired_entries_do_not_block(admin, clock):
    service.add({"unit_name": "今天到期公司", "expires_on": TODAY.isoformat()}, admin, clock)
    yesterday = (TODAY - timedelta(days=1)).isoformat()
    service.add({"unit_name": "昨天到期公司", "expires_on": yesterday}, admin, clock)
    assert service.blocking_entries(TODAY) == ["今天到期公司"]
    assert service.blocking_entries(TODAY + timedelta(days=1)) == []
    statuses = {e.unit_name: e.status(TODAY) for e in _entries()}
    assert statuses == {"今天到期公司": "effective", "昨天到期公司": "expired"}


def test_deactivate_takes_a_unit_off_the_list(admin, clock):
    entry, _ = service.add({"credit_code": UNIT_A, "unit_name": "沈阳某某有限公司"}, admin, clock)
    with pytest.raises(RuleViolation) as missing_reason:
        service.deactivate(entry.id, admin, clock, "  ")
    assert missing_reason.value.fields == {"reason": "请填写移出原因"}
    service.deactivate(entry.id, admin, clock, "已履行法定义务，信用修复")
    db.session.commit()
    assert not entry.active and entry.status(TODAY) == "removed"
    assert service.blocking_entries(TODAY) == []
    removal = _events()[-1]
    assert removal.before["active"] and not removal.after["active"]
    assert removal.after["removal_reason"] == "已履行法定义务，信用修复"
    with pytest.raises(Conflict):
        service.deactivate(entry.id, admin, clock, "again")
    with pytest.raises(NotFound):
        service.deactivate(entry.id + 100, admin, clock, "no such entry")


def test_adding_a_listed_unit_updates_it(admin, clock):
    first, _ = service.add(
        {"credit_code": UNIT_A, "unit_name": "沈阳某某有限公司", "reason": "拖欠报酬"}, admin, clock
    )
    again, outcome = service.add({"credit_code": UNIT_A, "reason": "违规收取押金"}, admin, clock)
    assert again is first and outcome == "updated"
    assert (first.unit_name, first.reason) == ("沈阳某某有限公司", "违规收取押金")
    _, same = service.add({"credit_code": UNIT_A}, admin, clock)
    assert same == "unchanged" and len(_events()) == 2


def test_a_code_fills_in_an_entry_listed_by_name(admin, clock):
    by_name, _ = service.add({"unit_name": "大连某某(集团)有限公司"}, admin, clock)
    entry, outcome = service.add(
        {"credit_code": UNIT_B, "unit_name": "大连某某（集团）有限公司"}, admin, clock
    )
    assert entry is by_name and outcome == "updated" and entry.credit_code == UNIT_B
    other, created = service.add(
        {"credit_code": UNIT_A, "unit_name": "大连某某(集团)有限公司"}, admin, clock
    )
    assert created == "created" and other is not by_name  # same name, another code: another unit


def test_a_removed_unit_listed_again_is_active_again(admin, clock):
    entry, _ = service.add({"credit_code": UNIT_A}, admin, clock)
    service.deactivate(entry.id, admin, clock, "信用修复")
    again, outcome = service.add({"credit_code": UNIT_A, "expires_on": "2027-12-31"}, admin, clock)
    assert again is entry and outcome == "updated" and entry.active
    assert len(_entries()) == 1


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"credit_code": BAD_CHECK}, "credit_code", f"统一社会信用代码“{BAD_CHECK}”校验位不正确"),
        ({"credit_code": "9121"}, "credit_code", "应为18位（现为 4 位）"),
        ({"credit_code": UNIT_A[:17] + "I"}, "credit_code", "含有不允许的字符"),
        ({"reason": "拖欠报酬"}, "unit_name", "统一社会信用代码和单位名称至少填写一项"),
        ({"unit_name": "长" * 201}, "unit_name", "单位名称不能超过 200 字"),
        (
            {"unit_name": "某公司", "listed_on": "2026-02-30"},
            "listed_on",
            "列入日期“2026-02-30”无效",
        ),
        (
            {"unit_name": "某公司", "listed_on": "2026-03-01", "expires_on": "2026-02-01"},
            "expires_on",
            "不能早于列入日期",
        ),
    ],
)
def test_bad_values_are_named_by_field(admin, clock, values, field, message):
    with pytest.raises(RuleViolation) as error:
        service.add(values, admin, clock)
    assert message in error.value.fields[field]
    assert _entries() == []


def test_a_code_listed_meanwhile_is_a_conflict(admin, clock, monkeypatch):
    service.add({"credit_code": UNIT_A}, admin, clock)
    db.session.commit()
    # as if another admin's request listed the code after this one read the list
    monkeypatch.setattr(service, "_all_entries", lambda: service._Index([]))
    with pytest.raises(Conflict, match="刚刚已被他人列入名单"):
        service.add({"credit_code": UNIT_A, "unit_name": "沈阳某某有限公司"}, admin, clock)
    db.session.rollback()
    assert [e.unit_name for e in _entries()] == [""]
