"""A school's majors change only through change_school_major, and every change is kept."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from webapp.errors import RuleViolation
from webapp.extensions import db
from webapp.majors.models import SchoolMajor, SchoolMajorChange
from webapp.majors.service import change_school_major
from webapp.models import Event, Organisation, User

from .helpers import import_sample


def _org(code: str) -> Organisation:
    return db.session.scalar(select(Organisation).where(Organisation.code == code))


def test_opening_and_changing_a_major_keeps_who_when_which_case_before_and_after(demo, clock):
    with demo.app_context():
        import_sample()
        school = _org("21010001")
        province = db.session.scalar(select(User).where(User.username == "province"))
        major = change_school_major(
            school, "660101", clock, actor=province, reason="新增专业", direction="智能制造",
            first_intake_year=2026, enrollment={"2026": 45},
        )  # fmt: skip
        db.session.commit()
        assert (major.name, major.catalogue.version, major.status) == (
            "机械制造样例",
            "2021",
            "enrolling",
        )
        change_school_major(
            school, "660101", clock, actor=province, instance_id=None, status="paused"
        )
        db.session.commit()
        changes = db.session.scalars(select(SchoolMajorChange).order_by(SchoolMajorChange.id)).all()
        assert [c.before is None for c in changes] == [True, False]
        assert changes[0].after["direction"] == "智能制造" and changes[0].actor_id == province.id
        assert (changes[1].before["status"], changes[1].after["status"]) == ("enrolling", "paused")
        assert changes[1].at == clock.now().replace(microsecond=changes[1].at.microsecond)
        actions = db.session.scalars(select(Event.action)).all()
        assert actions.count("school_major_changed") == 2


def test_a_change_that_changes_nothing_records_nothing(demo, clock):
    with demo.app_context():
        import_sample()
        school = _org("21010001")
        change_school_major(school, "660101", clock, status="enrolling")
        change_school_major(school, "660101", clock, status="enrolling")
        db.session.commit()
        assert len(db.session.scalars(select(SchoolMajorChange)).all()) == 1


def test_a_later_catalogue_version_does_not_move_a_school_major(demo, clock):
    with demo.app_context():
        import_sample()
        school = _org("21010001")
        change_school_major(school, "660101", clock)
        import_sample("2025增补", ["660101,机械制造样例二,装备制造大类,机械设计制造类,,,,,,"])
        major = db.session.scalar(select(SchoolMajor))
        assert major.catalogue.version == "2021"
        change_school_major(school, "660101", clock, catalogue_version="2025增补")
        assert major.catalogue.version == "2025增补"


def test_unknown_codes_bad_values_and_non_schools_are_refused(demo, clock):
    with demo.app_context():
        import_sample()
        with pytest.raises(RuleViolation, match="不在现行专业目录中"):
            change_school_major(_org("21010001"), "660199", clock)
        with pytest.raises(RuleViolation, match="开设状态"):
            change_school_major(_org("21010001"), "660101", clock, status="closed")
        with pytest.raises(RuleViolation, match="学制"):
            change_school_major(_org("21010001"), "660101", clock, years=9)
        with pytest.raises(RuleViolation, match="只有学校"):
            change_school_major(_org("210100"), "660101", clock)
        with pytest.raises(ValueError):
            change_school_major(_org("21010001"), "660101", clock, school_id=3)
