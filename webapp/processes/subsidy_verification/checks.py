"""The set-based checks (§12, §9): one INSERT … SELECT per flag over the whole set of rows in
scope — joins and GROUP BY against the registry and every school's list of the same round,
never a Python loop per row. Each row gets zero or more flags, each with its reason in Chinese.

Scope: a round, or one school's case in it. Rows of other schools still count where the rule
needs them (重复资助), but only rows in scope get flags here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import String, and_, case, cast, delete, exists, func, insert, literal, or_, select
from sqlalchemy.orm import aliased

from webapp.extensions import db
from webapp.majors.models import CatalogueMajor
from webapp.models import Organisation, ProcessInstance
from webapp.student_registry.models import STUDYING, RegistryStudent

from .models import SubsidyFlag, SubsidyRecipient, SubsidyRound

R = SubsidyRecipient
OTHER_STAGES = ("普通高中", "技工学校", "普通高等学校")


@dataclass(frozen=True)
class Rules:
    """What the checks read from the settings for the round's subsidy type."""

    grades: tuple[int, ...]
    tiers: Mapping[str, int]  # 国家助学金: tier → amount per term
    free_tuition_yuan: int
    excluded_majors: tuple[str, ...]  # 免学费


def _text(value) -> object:
    return literal(value, String)


def _matched():
    """The student's 中职 registration at the listing school: same 学籍号 and 身份证号."""
    school_code = select(Organisation.code).where(Organisation.id == R.school_id).correlate(R)
    return and_(
        RegistryStudent.student_no == R.student_no,
        RegistryStudent.id_number == R.id_number,
        RegistryStudent.stage == "中职",
        RegistryStudent.school_code == school_code.scalar_subquery(),
    )


def _flag(code: str, reason, query) -> None:
    query = query.add_columns(literal(code, String), reason)
    db.session.execute(insert(SubsidyFlag).from_select(["recipient_id", "code", "reason"], query))


def run(round_: SubsidyRound, rules: Rules, instance_id: int | None = None) -> dict[str, int]:
    """Flag the rows in scope afresh; the number of flags of each code."""
    scope = [R.round_id == round_.id, R.removed.is_(False)]
    if instance_id is not None:
        scope.append(R.instance_id == instance_id)
    in_scope = select(R.id).where(*scope)
    db.session.execute(delete(SubsidyFlag).where(SubsidyFlag.recipient_id.in_(in_scope)))
    rows = select(R.id).where(*scope)
    _registration_flags(rows)
    _other_registrations(rows)
    _double_subsidy(rows)
    _eligibility(rows, round_.subsidy_type, rules)
    _unsettle_new_flags(in_scope)
    if instance_id is not None:
        _unsettle_new_flags(_mirror_double_subsidy(round_.id, instance_id))
    counts = db.session.execute(
        select(SubsidyFlag.code, func.count())
        .where(SubsidyFlag.recipient_id.in_(in_scope))
        .group_by(SubsidyFlag.code)
    )
    return dict(counts.all())


def _unsettle_new_flags(in_scope) -> None:
    """A kept row's reason answered the flags it had; one a later check adds asks again. Only
    the rows kept with a reason are read here (few), not the list."""
    kept = db.session.execute(
        select(R.id, R.answered_codes, SubsidyFlag.code)
        .join(SubsidyFlag, SubsidyFlag.recipient_id == R.id)
        .where(R.id.in_(in_scope), R.explanation != "")
    ).all()
    stale = {row_id for row_id, answered, code in kept if code not in answered.split(",")}
    if stale:
        db.session.execute(
            R.__table__.update().where(R.id.in_(stale)).values(explanation="", answered_codes="")
        )


def _registration_flags(rows) -> None:
    S = RegistryStudent
    missing = ~exists().where(_matched())
    reason = (
        _text("学籍系统中本校没有学籍号为 ") + R.student_no
        + _text(" 且身份证号一致的中职学籍")
    )  # fmt: skip
    _flag("not_registered", reason, rows.where(missing))
    matched = rows.join(S, _matched())
    _flag(
        "status",
        _text("学籍状态为“") + S.status + _text("”，不是在籍在校"),
        matched.where(S.status != STUDYING),
    )
    reason = case(
        (S.full_time.is_(False), _text("学籍为非全日制学历教育")), else_=_text("学籍不是正式学籍")
    )
    _flag("not_full_time", reason, matched.where(or_(S.full_time.is_(False), S.formal.is_(False))))


def _other_registrations(rows) -> None:
    S = aliased(RegistryStudent)
    compulsory = rows.join(
        S, and_(S.id_number == R.id_number, S.stage == "义务教育", S.status == STUDYING)
    ).group_by(R.id)
    reason = _text("同时有义务教育阶段在籍学籍（学校代码 ") + func.min(S.school_code) + _text("）")
    _flag("compulsory_duplicate", reason, compulsory)
    elsewhere = and_(S.id_number == R.id_number, S.stage.in_(OTHER_STAGES), S.status == STUDYING)
    first = (
        select(S.stage + _text("有在籍学籍（学校代码 ") + S.school_code + _text("）"))
        .where(elsewhere)
        .order_by(S.id)
        .limit(1)
        .correlate(R)
        .scalar_subquery()
    )
    _flag("dual_registration", _text("同时在") + first, rows.where(exists().where(elsewhere)))


def _double_subsidy(rows) -> None:
    """Named by one other row (the earliest), its school and line together."""
    other = aliased(SubsidyRecipient)
    school = aliased(Organisation)
    same = and_(
        other.round_id == R.round_id,
        other.id_number == R.id_number,
        other.id != R.id,
        other.removed.is_(False),
    )
    first = (
        select(school.name + _text("名单第 ") + cast(other.line, String) + _text(" 行"))
        .select_from(other)
        .join(school, school.id == other.school_id)
        .where(same)
        .order_by(other.id)
        .limit(1)
        .correlate(R)
        .scalar_subquery()
    )
    reason = _text("本学期同类资助重复申报（另见") + first + _text("）")
    _flag("double_subsidy", reason, rows.where(exists().where(same)))


def _mirror_double_subsidy(round_id: int, instance_id: int):
    """A case checked on its own flags its rows that repeat another school's; the other
    school's rows get the flag too while their cases run (a signed-off list is not touched),
    so the one listed first is asked as well. The rows flagged here."""
    mine = aliased(SubsidyRecipient)
    running = select(ProcessInstance.id).where(ProcessInstance.status == "running")
    already = exists().where(SubsidyFlag.recipient_id == R.id, SubsidyFlag.code == "double_subsidy")
    repeated = exists().where(
        mine.instance_id == instance_id, mine.removed.is_(False), mine.id_number == R.id_number
    )
    others = select(R.id).where(
        R.round_id == round_id,
        R.instance_id != instance_id,
        R.removed.is_(False),
        R.instance_id.in_(running),
        repeated,
        ~already,
    )
    found = list(db.session.scalars(others))
    if found:
        _double_subsidy(select(R.id).where(R.id.in_(found)))
    return select(R.id).where(R.id.in_(found or [-1]))


def _eligibility(rows, subsidy_type: str, rules: Rules) -> None:
    """The grade is the registry's where the student is matched, the list's otherwise — two
    statements, each of which the planner can drive from the list's rows."""
    S = RegistryStudent
    allowed = "、".join(str(g) for g in rules.grades)

    def reason(grade):
        return (
            _text("年级 ")
            + cast(grade, String)
            + _text(f" 不在{subsidy_type}资助范围（{allowed} 年级）")
        )

    grade = func.coalesce(S.grade, R.grade)
    _flag(
        "grade_ineligible",
        reason(grade),
        rows.join(S, _matched()).where(grade.not_in(rules.grades)),
    )
    _flag(
        "grade_ineligible",
        reason(R.grade),
        rows.where(R.grade.not_in(rules.grades), ~exists().where(_matched())),
    )
    if subsidy_type == "国家助学金":
        _grant_rules(rows, rules)
    else:
        _free_tuition_rules(rows, rules)


def _grant_rules(rows, rules: Rules) -> None:
    agricultural = or_(
        exists().where(_matched(), RegistryStudent.agricultural.is_(True)),
        exists().where(CatalogueMajor.code == R.major_code, CatalogueMajor.agricultural.is_(True)),
    )
    _flag(
        "major_ineligible",
        _text("非涉农专业且未认定家庭经济困难（国家助学金资助涉农专业或家庭经济困难学生）"),
        rows.where(R.hardship.is_(False), ~agricultural),
    )
    if not rules.tiers:
        return
    expected = case(*((R.tier == tier, amount) for tier, amount in rules.tiers.items()))
    standard = case(
        *((R.tier == tier, _text(str(amount))) for tier, amount in rules.tiers.items()),
        else_=_text("未设置"),
    )
    _flag(
        "amount",
        case(
            (expected.is_(None), _text("档次“") + R.tier + _text("”未设置标准金额")),
            else_=_text("金额与") + R.tier + _text("标准不符（每学期 ") + standard + _text(" 元）"),
        ),
        rows.where(or_(expected.is_(None), R.amount != expected)),
    )


def _free_tuition_rules(rows, rules: Rules) -> None:
    if rules.excluded_majors:
        _flag(
            "major_ineligible",
            _text("专业 ") + R.major_code + _text(" 不在免学费范围"),
            rows.where(R.major_code.in_(rules.excluded_majors)),
        )
    _flag(
        "amount",
        _text(f"免学费金额应为每学期 {rules.free_tuition_yuan} 元"),
        rows.where(R.amount != rules.free_tuition_yuan),
    )
