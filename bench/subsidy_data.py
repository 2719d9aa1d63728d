"""Seeded data for the subsidy workload: a 学籍 export (CSV) and one round's recipient lists.

Every attribute of a registration is a pure function of its serial (a cheap integer hash), so
the recipients are drawn from the registry without holding it in memory. Registry: mostly
中职 students of the 300 schools (10,000 each at full size), plus 义务教育, 普通高中, 技工学校
and 普通高等学校 rows at other schools; some 中职 students also hold an 在籍在校 registration
of another stage (compulsory / dual), others one that ended. Recipients: 1,000 per school,
drawn from the school's 中职 students, with deliberate defects (DEFECTS).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

HEADER = "学籍号,身份证号,姓名,学校代码,学段,学籍状态,是否全日制学历教育,是否正式学籍,年级,专业代码,是否涉农"
AREAS = [f"2{n:05d}" for n in (10102, 10103, 10104, 10105, 10106, 10111, 10112, 10113, 10114)]
AREAS += ["210202", "210203", "210204", "210211", "210212", "210213", "210302", "210402"]
AREAS += ["210502", "210602", "210703"]
WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK = "10X98765432"
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超霞平刚桂华建国玉兰志红鑫宇浩然子轩欣怡梓涵雨博文"
# Other stages: (stage, share of the registry, school code prefix, birth dates from, grade)
OTHER_STAGES = [
    ("义务教育", 0.15, "Y", date(2012, 1, 1), ""),
    ("普通高中", 0.0625, "H", date(2009, 3, 1), "2"),
    ("技工学校", 0.02, "J", date(2009, 6, 1), "1"),
    ("普通高等学校", 0.0175, "U", date(2005, 1, 1), ""),
]
ZZ_BORN = date(2008, 9, 1)  # 中职 students; fresh (unregistered) people from NOT_BORN
NOT_BORN = date(2010, 6, 1)
ENDED = ("休学", "退学", "转出", "注销", "死亡")
TIERS = {"一档": 1650, "二档": 1150, "三档": 650}
# Shares of recipient rows given each defect (the registry's own share of non-在籍在校,
# non-full-time and double registrations comes on top).
DEFECTS = {
    "not_registered": 0.004,  # a typo in the 学籍号 or an ID number nobody registered
    "other_school": 0.001,  # a student registered at another school
    "grade": 0.002,  # listed in grade 4 under a 学籍号 the registry does not know
    "no_hardship": 0.006,  # non-agricultural major, hardship not recognised
    "amount": 0.004,  # an amount that is not the tier's
    "tier": 0.0005,  # a tier the settings do not have
    "listed_twice": 0.001,  # the same student again further down the same list
    "other_list": 0.002,  # a student on another school's list too
}


def _u(n: int, salt: int) -> float:
    """A uniform number in [0, 1), fixed for (n, salt)."""
    x = (n * 0x9E3779B1 + salt * 0x85EBCA77 + 0x165667B1) & 0xFFFFFFFF
    x ^= x >> 15
    x = (x * 0x2C1B3C6D) & 0xFFFFFFFF
    x ^= x >> 12
    x = (x * 0x297A2D39) & 0xFFFFFFFF
    x ^= x >> 15
    return x / 4294967296.0


_PREFIX: dict[tuple, tuple[str, int]] = {}


def id_number(serial: int, born_from: date) -> str:
    """A valid 身份证号, different for each (serial, born_from) of this module."""
    area = serial % len(AREAS)
    rest = serial // len(AREAS)
    key = (area, born_from, rest // 1000)
    if key not in _PREFIX:
        prefix = AREAS[area] + (born_from + timedelta(days=rest // 1000)).strftime("%Y%m%d")
        _PREFIX[key] = (prefix, sum(int(c) * w for c, w in zip(prefix, WEIGHTS, strict=False)))
    prefix, total = _PREFIX[key]
    seq = f"{rest % 1000:03d}"
    total += int(seq[0]) * 8 + int(seq[1]) * 4 + int(seq[2]) * 2
    return prefix + seq + CHECK[total % 11]


def name(serial: int) -> str:
    return (
        SURNAMES[serial % len(SURNAMES)]
        + GIVEN[serial // 7 % len(GIVEN)]
        + (GIVEN[serial // 311 % len(GIVEN)] if serial % 3 else "")
    )


@dataclass(frozen=True)
class Plan:
    schools: list[str]  # school codes (organisations of the bench province)
    registry_rows: int
    recipients_per_school: int
    majors: list[tuple[str, bool]]  # catalogue (code, agricultural)

    @property
    def per_school(self) -> int:  # 中职 students of each school
        return int(self.registry_rows * 0.75) // len(self.schools)

    def school_majors(self, school: int) -> list[tuple[str, bool]]:
        rng = random.Random(1000 + school)
        farm = [m for m in self.majors if m[1]]
        other = [m for m in self.majors if not m[1]]
        return rng.sample(farm, 2) + rng.sample(other, 6)

    def student(self, serial: int) -> dict:
        """The 中职 registration of student `serial` (school serial // per_school)."""
        school = serial // self.per_school
        u = _u(serial, 1)
        status = "在籍在校" if u < 0.99 else ENDED[int((u - 0.99) * 500) % len(ENDED)]
        code, farm = self.school_majors(school)[int(_u(serial, 2) * 8)]
        return {
            "student_no": f"G{serial:012d}",
            "id_number": id_number(serial, ZZ_BORN),
            "name": name(serial),
            "school": school,
            "status": status,
            "full_time": _u(serial, 3) >= 0.005,
            "formal": _u(serial, 4) >= 0.003,
            "grade": 1 + serial % 3,
            "major_code": code,
            "agricultural": farm and _u(serial, 8) >= 0.02,  # a few registry rows disagree
        }


def _yes(flag: bool) -> str:
    return "是" if flag else "否"


def write_registry(plan: Plan, path) -> int:
    """Write the export; the number of data rows (exactly plan.registry_rows)."""
    written = 0
    others = {stage: 0 for stage, *_ in OTHER_STAGES}
    with open(path, "w", encoding="utf-8", newline="") as out:
        out.write(HEADER + "\n")
        lines: list[str] = []
        for serial in range(plan.per_school * len(plan.schools)):
            s = plan.student(serial)
            lines.append(
                f"{s['student_no']},{s['id_number']},{s['name']},{plan.schools[s['school']]},中职,"
                f"{s['status']},{_yes(s['full_time'])},{_yes(s['formal'])},{s['grade']},"
                f"{s['major_code']},{_yes(s['agricultural'])}\n"
            )
            u = _u(serial, 5)
            if u < 0.012:  # another stage too: 在籍在校 (flagged) or ended (not flagged)
                index = 0 if u < 0.007 else 1 + int(u * 1000) % 3
                stage, _, prefix, _, grade = OTHER_STAGES[index]
                status = "在籍在校" if u < 0.004 or 0.007 <= u < 0.0115 else "转出"
                others[stage] += 1
                lines.append(
                    f"{prefix}S{serial:011d},{s['id_number']},{s['name']},{prefix}{serial % 997:05d},"
                    f"{stage},{status},是,是,{grade},,否\n"
                )
            written += _flush(out, lines, 20000)
        for index, (stage, share, prefix, born, grade) in enumerate(OTHER_STAGES):
            for n in range(int(plan.registry_rows * share) - others[stage]):
                lines.append(
                    f"{prefix}{n:012d},{id_number(n, born)},{name(n + index)},{prefix}{n % 1999:05d},"
                    f"{stage},{'在籍在校' if _u(n, 6 + index) < 0.97 else '转出'},是,是,{grade},,否\n"
                )
                written += _flush(out, lines, 20000)
        rest = plan.registry_rows - written - len(lines)  # rounding: top up with 义务教育 rows
        for n in range(rest):
            lines.append(f"Y9{n:011d},{id_number(n, date(2015, 1, 1))},{name(n)},Y00001,义务教育,在籍在校,是,是,,,否\n")  # fmt: skip
        written += _flush(out, lines, 0)
    return written


def _flush(out, lines: list[str], at: int) -> int:
    if len(lines) < max(at, 1):
        return 0
    out.writelines(lines)
    count = len(lines)
    lines.clear()
    return count


RECIPIENT_COLUMNS = [
    "id", "round_id", "instance_id", "school_id", "line", "student_no", "id_number", "name",
    "grade", "major_code", "subsidy_type", "tier", "amount", "hardship", "removed",
    "explanation", "answered_codes",
]  # fmt: skip


def recipients(plan: Plan, round_id: int, instances: list[int], school_ids: list[int]):
    """Recipient rows (tuples in RECIPIENT_COLUMNS order), school by school."""
    rng = random.Random(2026)
    row_id = 0
    cum = []
    total = 0.0
    for key, share in DEFECTS.items():
        total += share
        cum.append((total, key))
    rows: list[tuple] = []
    for school in range(len(plan.schools)):
        picks = rng.sample(range(plan.per_school), plan.recipients_per_school)
        listed: list[dict] = []
        for k in picks:
            s = dict(plan.student(school * plan.per_school + k))
            hardship = rng.random() < 0.3 if s["agricultural"] else True
            tier = rng.choices(list(TIERS), (3, 5, 2))[0]
            s |= {"hardship": hardship, "tier": tier, "amount": TIERS[tier]}
            u = rng.random()
            defect = next((key for bound, key in cum if u < bound), None)
            if defect == "not_registered":
                if rng.random() < 0.5:
                    s["student_no"] = s["student_no"][:-3] + f"{rng.randrange(1000):03d}X"
                else:
                    s["id_number"] = id_number(school * 5000 + len(listed), NOT_BORN)
            elif defect in ("other_school", "other_list"):
                other = (school + 1 + rng.randrange(len(plan.schools) - 1)) % len(plan.schools)
                s |= dict(plan.student(other * plan.per_school + rng.randrange(plan.per_school)))
                if defect == "other_list":  # the other school lists the same student
                    s["hardship"] = True
                    rows.append(("other", other, dict(s)))  # put on its list below
            elif defect == "grade":
                s |= {"grade": 4, "student_no": "W" + s["student_no"][1:]}
            elif defect == "no_hardship":  # a student of a non-agricultural major
                while s["agricultural"] or s["major_code"].startswith("61"):
                    serial = school * plan.per_school + rng.randrange(plan.per_school)
                    s |= dict(plan.student(serial))
                s["hardship"] = False
            elif defect == "amount":
                s["amount"] = s["amount"] - 500
            elif defect == "tier":
                s |= {"tier": "四档", "amount": 1000}
            listed.append(s)
            if defect == "listed_twice":
                listed.append(dict(s))
        del listed[plan.recipients_per_school :]  # keep each list at its size
        rows.append(("own", school, listed))
    extra: dict[int, list[dict]] = {}
    for kind, school, value in rows:
        if kind == "other":
            extra.setdefault(school, []).append(value)
    for kind, school, listed in rows:
        if kind != "own":
            continue
        if extra.get(school):  # the other-list students replace rows at the end of the list
            listed[-len(extra[school]) :] = extra[school]
        for line, s in enumerate(listed, 2):
            row_id += 1
            yield (
                row_id, round_id, instances[school], school_ids[school], line, s["student_no"],
                s["id_number"], s["name"], s["grade"], s["major_code"], "国家助学金", s["tier"],
                Decimal(s["amount"]), s["hardship"], False, "", "",
            )  # fmt: skip
