"""The subsidy workload's baseline: the checks of checks.py as a Python loop of per-row lookups.

For each recipient row: its school's code, its 中职 registration at that school (学籍号 and
身份证号), the other stages' 在籍在校 registrations of its 身份证号, the earliest other row of
the round with the same 身份证号, and (for a non-agricultural registration without hardship) the
catalogue major; the flags and their reasons are decided in Python and written at the end.
Timed on a seeded sample of the round's rows (the caller scales it); the flags it finds are
compared with those checks.run wrote for the same rows just before.
"""

from __future__ import annotations

import random
import time

from sqlalchemy import bindparam, delete, insert, select

OTHER_STAGES = ("普通高中", "技工学校", "普通高等学校")


def _statements():
    from webapp.majors.models import CatalogueMajor
    from webapp.models import Organisation
    from webapp.processes.subsidy_verification.models import SubsidyRecipient as R
    from webapp.student_registry.models import RegistryStudent as S

    school = select(Organisation.code).where(Organisation.id == bindparam("school_id"))
    registration = select(S.status, S.full_time, S.formal, S.grade, S.agricultural).where(
        S.student_no == bindparam("student_no"),
        S.id_number == bindparam("id_number"),
        S.stage == "中职",
        S.school_code == bindparam("school_code"),
    )
    others = (
        select(S.stage, S.school_code)
        .where(
            S.id_number == bindparam("id_number"),
            S.stage.in_(("义务教育", *OTHER_STAGES)),
            S.status == "在籍在校",
        )
        .order_by(S.id)
    )
    twin = (
        select(Organisation.name, R.line)
        .join(Organisation, Organisation.id == R.school_id)
        .where(
            R.round_id == bindparam("round_id"),
            R.id_number == bindparam("id_number"),
            R.id != bindparam("row_id"),
            R.removed.is_(False),
        )
        .order_by(R.id)
        .limit(1)
    )
    farm = (
        select(CatalogueMajor.id)
        .where(CatalogueMajor.code == bindparam("code"), CatalogueMajor.agricultural.is_(True))
        .limit(1)
    )
    return school, registration, others, twin, farm


def _flags(row, rules, statements) -> list[tuple[str, str]]:
    from webapp.extensions import db

    school, registration, others, twin, farm = statements
    session = db.session
    flags = []
    code = session.scalar(school, {"school_id": row.school_id})
    keys = {"student_no": row.student_no, "id_number": row.id_number, "school_code": code}
    reg = session.execute(registration, keys).first()
    if reg is None:
        flags.append(("not_registered", f"学籍系统中本校没有学籍号为 {row.student_no} 的中职学籍"))
    else:
        if reg.status != "在籍在校":
            flags.append(("status", f"学籍状态为“{reg.status}”，不是在籍在校"))
        if not reg.full_time or not reg.formal:
            flags.append(("not_full_time", "学籍为非全日制学历教育或不是正式学籍"))
    stages = session.execute(others, {"id_number": row.id_number}).all()
    if any(stage == "义务教育" for stage, _ in stages):
        flags.append(("compulsory_duplicate", "同时有义务教育阶段在籍学籍"))
    dual = [(stage, where) for stage, where in stages if stage in OTHER_STAGES]
    if dual:
        flags.append(
            ("dual_registration", f"同时在{dual[0][0]}有在籍学籍（学校代码 {dual[0][1]}）")
        )
    params = {"round_id": row.round_id, "id_number": row.id_number, "row_id": row.id}
    other = session.execute(twin, params).first()
    if other is not None:
        flags.append(
            ("double_subsidy", f"本学期同类资助重复申报（另见{other[0]}名单第 {other[1]} 行）")
        )
    grade = reg.grade if reg is not None and reg.grade is not None else row.grade
    if grade not in rules.grades:
        flags.append(("grade_ineligible", f"年级 {grade} 不在资助范围"))
    farm_registration = reg is not None and reg.agricultural
    if (
        not row.hardship
        and not farm_registration
        and session.scalar(farm, {"code": row.major_code}) is None
    ):
        flags.append(("major_ineligible", "非涉农专业且未认定家庭经济困难"))
    expected = rules.tiers.get(row.tier)
    if expected is None or row.amount != expected:
        flags.append(("amount", f"金额与{row.tier}标准不符"))
    return flags


def set_based_flags(chosen: list[int]) -> set[tuple[int, str]]:
    """(row id, code) of the flags stored for these rows (by checks.run, when read)."""
    from webapp.extensions import db
    from webapp.processes.subsidy_verification.models import SubsidyFlag

    query = select(SubsidyFlag.recipient_id, SubsidyFlag.code)
    flags = set(db.session.execute(query.where(SubsidyFlag.recipient_id.in_(chosen))).all())
    db.session.commit()
    return flags


def measure(sample: int, seed: int = 7, compare: bool = True) -> dict:
    """Time the loop over `sample` rows of the round (in an app context); the set-based flags of
    the same rows, written by checks.run before, are replaced by the loop's and compared. With
    compare=False (checks.run did not finish) the caller compares later: `chosen` and `found`
    are returned for set_based_flags."""
    from webapp.extensions import db
    from webapp.processes.subsidy_verification.models import (
        SubsidyFlag,
        SubsidyRecipient,
        SubsidyRound,
    )
    from webapp.processes.subsidy_verification.settings_values import rules_for

    ids = db.session.scalars(select(SubsidyRecipient.id).order_by(SubsidyRecipient.id)).all()
    chosen = sorted(random.Random(seed).sample(list(ids), min(sample, len(ids))))
    before = set_based_flags(chosen) if compare else None
    statements = _statements()
    started = time.perf_counter()
    round_ = db.session.scalars(select(SubsidyRound)).one()
    rules = rules_for(round_.subsidy_type)
    found = []
    for first in range(0, len(chosen), 500):  # rows read in pages, as a real loop would
        page = db.session.scalars(
            select(SubsidyRecipient).where(SubsidyRecipient.id.in_(chosen[first : first + 500]))
        ).all()
        for row in page:
            if row.removed:
                continue
            found += [(row.id, code, reason) for code, reason in _flags(row, rules, statements)]
    db.session.execute(delete(SubsidyFlag).where(SubsidyFlag.recipient_id.in_(chosen)))
    if found:
        db.session.execute(
            insert(SubsidyFlag),
            [{"recipient_id": r, "code": c, "reason": reason} for r, c, reason in found],
        )
    db.session.commit()
    seconds = time.perf_counter() - started
    after = {(r, c) for r, c, _ in found}
    return {
        "rows": len(chosen),
        "seconds": seconds,
        "per_row_ms": seconds / len(chosen) * 1000,
        "flags": len(after),
        "disagreements": None if before is None else len(before ^ after),
        "chosen": chosen,
        "found": sorted(after),
    }
