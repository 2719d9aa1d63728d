"""The set-based checks: every flag alone on an otherwise clean row, several on one row, and
rows of other schools counted but not flagged when one school's case is checked."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from tests.student_registry.helpers import id_number
from webapp.extensions import db
from webapp.majors.models import CatalogueMajor
from webapp.models import Organisation, User
from webapp.processes.subsidy_verification import checks
from webapp.processes.subsidy_verification.models import (
    SubsidyFlag,
    SubsidyRecipient,
    SubsidyRound,
)
from webapp.student_registry.models import RegistryStudent

RULES = checks.Rules(
    grades=(1, 2, 3), tiers={"一档": 1650, "二档": 1150}, free_tuition_yuan=1000, excluded_majors=()
)
SCHOOL, OTHER = "21010001", "21020001"


def _registration(serial: int, **changes) -> RegistryStudent:
    values = {
        "student_no": f"G{serial:012d}",
        "id_number": id_number(serial),
        "name": f"学生{serial}",
        "school_code": SCHOOL,
        "stage": "中职",
        "status": "在籍在校",
        "full_time": True,
        "formal": True,
        "grade": 1,
        "major_code": "610101",
        "agricultural": True,
        "as_of": date(2026, 11, 20),
    }
    return RegistryStudent(**(values | changes))


@pytest.fixture
def scene(deployed, clock):
    """A 国家助学金 round with a case for each of two schools (the cases only anchor rows)."""
    from webapp.services import instances

    with deployed.app_context():
        db.session.add(
            CatalogueMajor(
                version="2021", code="610101", name="种子生产技术", category_code="61",
                category_name="农林牧渔大类", class_code="6101", class_name="农业类",
                agricultural=True, state_controlled=False,
            )
        )  # fmt: skip
        round_ = SubsidyRound(term="2026秋", subsidy_type="国家助学金", opened_at=clock.now())
        db.session.add(round_)
        school = db.session.scalar(select(User).where(User.username == "school"))
        school2 = db.session.scalar(select(User).where(User.username == "school2"))
        mine = instances.start("school_report", school, clock)
        theirs = instances.start("school_report", school2, clock)
        db.session.commit()
        yield deployed, round_.id, mine.id, theirs.id


def _recipient(round_id: int, instance_id: int, serial: int, line: int, **changes):
    instance_school = db.session.scalar(
        select(Organisation.id).where(Organisation.code == changes.pop("school", SCHOOL))
    )
    values = {
        "round_id": round_id,
        "instance_id": instance_id,
        "school_id": instance_school,
        "line": line,
        "student_no": f"G{serial:012d}",
        "id_number": id_number(serial),
        "name": f"学生{serial}",
        "grade": 1,
        "major_code": "610101",
        "subsidy_type": "国家助学金",
        "tier": "一档",
        "amount": Decimal("1650"),
        "hardship": False,
    }
    row = SubsidyRecipient(**(values | changes))
    db.session.add(row)
    return row


def _flags(round_id: int, instance_id: int | None = None) -> dict[int, dict[str, str]]:
    round_ = db.session.get(SubsidyRound, round_id)
    checks.run(round_, RULES, instance_id)
    found: dict[int, dict[str, str]] = {}
    for line, code, reason in db.session.execute(
        select(SubsidyRecipient.line, SubsidyFlag.code, SubsidyFlag.reason).join(
            SubsidyRecipient, SubsidyRecipient.id == SubsidyFlag.recipient_id
        )
    ):
        found.setdefault(line, {})[code] = reason
    return found


CASES = [
    ([{"school_code": "21020001"}], {}, "not_registered", "本校没有"),
    # (registry rows for serial 1, recipient changes, expected code, words in the reason)
    ([], {}, "not_registered", "没有学籍号为"),
    ([{"status": "休学"}], {}, "status", "休学"),
    ([{"full_time": False}], {}, "not_full_time", "非全日制"),
    ([{"formal": False}], {}, "not_full_time", "不是正式学籍"),
    ([{}, {"stage": "义务教育", "school_code": "X0001", "student_no": "L1"}], {},
     "compulsory_duplicate", "X0001"),
    ([{}, {"stage": "普通高中", "school_code": "H0001", "student_no": "H1"}], {},
     "dual_registration", "普通高中"),
    ([{"grade": 3}], {"grade": 3}, None, ""),
    ([{"agricultural": False}], {"major_code": "710201"}, "major_ineligible", "非涉农"),
    ([{}], {"amount": Decimal("1000")}, "amount", "1650"),
    ([{}], {"tier": "五档"}, "amount", "未设置"),
]  # fmt: skip


@pytest.mark.parametrize(("registrations", "changes", "expected", "words"), CASES)
def test_each_flag_alone(scene, registrations, changes, expected, words):
    app, round_id, mine, _theirs = scene
    with app.app_context():
        for extra in registrations:
            db.session.add(_registration(1, **extra))
        db.session.add(_registration(2))
        _recipient(round_id, mine, 1, 1, **changes)
        _recipient(round_id, mine, 2, 2)  # a clean row next to it
        db.session.commit()
        flags = _flags(round_id, mine)
    assert 2 not in flags
    if expected is None:
        assert flags == {}
    else:
        assert list(flags[1]) == [expected] and words in flags[1][expected]


def test_hardship_makes_a_non_agricultural_major_eligible(scene):
    app, round_id, mine, _theirs = scene
    with app.app_context():
        db.session.add(_registration(1, agricultural=False))
        _recipient(round_id, mine, 1, 1, major_code="710201", hardship=True)
        db.session.commit()
        assert _flags(round_id, mine) == {}


def test_double_subsidy_across_schools_and_on_one_list(scene):
    app, round_id, mine, theirs = scene
    with app.app_context():
        for serial in (1, 2):
            db.session.add(_registration(serial))
        _recipient(round_id, mine, 1, 1)
        _recipient(round_id, theirs, 1, 7, school=OTHER)
        _recipient(round_id, mine, 2, 2)
        _recipient(round_id, mine, 2, 3)
        db.session.commit()
        flags = _flags(round_id, mine)
    assert "大连市轻工业学校名单第 7 行" in flags[1]["double_subsidy"]
    assert "第 3 行" in flags[2]["double_subsidy"] and "第 2 行" in flags[3]["double_subsidy"]
    # The other school's case is running: its row is flagged too, naming this one.
    assert "沈阳市装备制造工程学校名单第 1 行" in flags[7]["double_subsidy"]


def test_several_flags_on_one_row_and_a_fresh_run_replaces_them(scene):
    app, round_id, mine, _theirs = scene
    with app.app_context():
        db.session.add(_registration(1, status="退学", grade=3, agricultural=False))
        db.session.add(_registration(1, stage="技工学校", student_no="J1", school_code="J0001"))
        row = _recipient(round_id, mine, 1, 1, major_code="710201", amount=Decimal("1"))
        db.session.commit()
        rules = checks.Rules(
            grades=(1, 2), tiers=RULES.tiers, free_tuition_yuan=0, excluded_majors=()
        )
        checks.run(db.session.get(SubsidyRound, round_id), rules, mine)
        codes = set(db.session.scalars(select(SubsidyFlag.code)))
        assert codes == {
            "status",
            "dual_registration",
            "grade_ineligible",
            "major_ineligible",
            "amount",
        }
        # Fixed in the registry, the row is clean on the next run.
        db.session.execute(
            RegistryStudent.__table__.update()
            .where(RegistryStudent.stage == "中职")
            .values(status="在籍在校", grade=1, agricultural=True)
        )
        db.session.execute(
            RegistryStudent.__table__.delete().where(RegistryStudent.stage == "技工学校")
        )
        row.major_code, row.amount = "610101", Decimal("1650")
        db.session.commit()
        assert checks.run(db.session.get(SubsidyRound, round_id), rules, mine) == {}
        # A removed row keeps the flags it was removed for; the checks leave it alone.
        row.amount = Decimal("1")
        row.removed = True
        db.session.commit()
        assert checks.run(db.session.get(SubsidyRound, round_id), rules, mine) == {}
