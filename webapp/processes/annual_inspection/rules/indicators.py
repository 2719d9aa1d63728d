"""The indicators of the school-setting standard (中等职业学校设置标准) a self-assessment is
checked against (RULES.md §1.1): ratios computed from the counts the school enters, each compared
with its threshold setting. One indicator is per major (设置标准 第七条: each major has at least
2 full-time teachers with an intermediate title or above in a related field): the school enters
a count for each of its offered majors, and the weakest major is judged against the threshold.

Derived values are rounded to 2 decimals in the direction that never turns a fail into a pass
(the student:teacher ratio up, everything else down). Thresholds hold at most 2 decimals (the
settings page refuses more), so judging the shown value gives the same result as judging the
exact one: a school never sees "20:1" beside a failed "≤ 20:1".
"""

from __future__ import annotations

from collections.abc import Mapping
from contextlib import suppress
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal, InvalidOperation
from typing import Literal

from webapp.processes.annual_inspection.settings import SETTINGS
from webapp.settings_store.definitions import TIGHT_UNITS

Number = int | float | Decimal
CENT = Decimal("0.01")
SHORTFALL_STEP = Decimal("0.0001")

# The counts the school enters on the self-assessment form, with their labels and units.
COUNTS: dict[str, tuple[str, str]] = {
    "enrolled_students": ("学历教育在校生数", "人"),
    "full_time_teachers": ("专任教师数", "人"),
    "specialist_teachers": ("专业课教师数", "人"),
    "dual_qualified_teachers": ("双师型教师数", "人"),
    "senior_title_teachers": ("高级职称专任教师数", "人"),
    "campus_area": ("校园占地面积", "m²"),
    "building_area": ("校舍建筑面积", "m²"),
    "equipment_value": ("仪器设备总值", "元"),
    "books": ("纸质图书", "册"),
}
# The yes/no items; each is a form checkbox and an input of the decision table by the same name.
FLAGS = ("serious_violation", "unapproved_branch", "no_academic_qualification")
# One row per offered major: {major_code, major_name, qualified_teachers}.
MAJOR_TEACHERS = "major_teachers"
RAW_FIELDS = (*COUNTS, *FLAGS, MAJOR_TEACHERS)
PER_MAJOR = "major_qualified_teachers"

# derived value -> (numerator, denominator, factor): percentages are ×100
DERIVED: dict[str, tuple[str, str, int]] = {
    "student_teacher_ratio": ("enrolled_students", "full_time_teachers", 1),
    "specialist_percent": ("specialist_teachers", "full_time_teachers", 100),
    "dual_qualified_percent": ("dual_qualified_teachers", "specialist_teachers", 100),
    "senior_title_percent": ("senior_title_teachers", "full_time_teachers", 100),
    "campus_area_per_student": ("campus_area", "enrolled_students", 1),
    "building_area_per_student": ("building_area", "enrolled_students", 1),
    "equipment_per_student": ("equipment_value", "enrolled_students", 1),
    "books_per_student": ("books", "enrolled_students", 1),
}


@dataclass(frozen=True)
class Indicator:
    key: str
    label: str
    setting: str  # the settings key of its threshold
    kind: Literal["min", "max"]


INDICATORS: tuple[Indicator, ...] = (
    Indicator("enrolled_students", "学历教育在校生数", "inspection.min_students", "min"),
    Indicator("full_time_teachers", "专任教师数", "inspection.min_teachers", "min"),
    Indicator("student_teacher_ratio", "生师比", "inspection.max_student_teacher_ratio", "max"),
    Indicator("specialist_percent", "专业课教师占专任教师比例", "inspection.min_specialist_percent", "min"),
    Indicator("dual_qualified_percent", "双师型教师占专业课教师比例", "inspection.min_dual_qualified_percent", "min"),
    Indicator("senior_title_percent", "高级职称教师占专任教师比例", "inspection.min_senior_title_percent", "min"),
    Indicator("campus_area", "校园占地面积", "inspection.min_campus_area", "min"),
    Indicator("campus_area_per_student", "生均校园占地面积", "inspection.min_campus_area_per_student", "min"),
    Indicator("building_area", "校舍建筑面积", "inspection.min_building_area", "min"),
    Indicator("building_area_per_student", "生均校舍建筑面积", "inspection.min_building_area_per_student", "min"),
    Indicator("equipment_value", "仪器设备总值", "inspection.min_equipment_value", "min"),
    Indicator("equipment_per_student", "生均仪器设备值", "inspection.min_equipment_per_student", "min"),
    Indicator("books_per_student", "生均纸质图书", "inspection.min_books_per_student", "min"),
    Indicator(PER_MAJOR, "每个专业中级以上职称相关专业专任教师数", "inspection.min_qualified_teachers_per_major", "min"),
)  # fmt: skip
THRESHOLD_KEYS = tuple(indicator.setting for indicator in INDICATORS)
DEFAULT_THRESHOLDS: dict[str, Number] = {key: SETTINGS[key].default for key in THRESHOLD_KEYS}


@dataclass(frozen=True)
class IndicatorResult:
    key: str
    label: str
    required: str  # "≥ 1200 人"
    actual: str  # "1150 人"
    passed: bool
    shortfall_ratio: float  # how far from the threshold, relative to it: 0 when passed, at most 1
    gap: str = ""  # "少 50 人", "少 1.67 个百分点", "高出 2.5"; "" when passed

    def as_notice_row(self) -> dict[str, str]:
        """The row of a failed indicator on the rectification notice."""
        return {
            "key": self.key,
            "label": self.label,
            "required": self.required,
            "actual": self.actual,
            "gap": self.gap,
        }


def decimal(value: object) -> Decimal | None:
    """A form value as a Decimal; None when missing or not a number."""
    if isinstance(value, bool) or value is None or value == "":
        return None
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def compute(raw: Mapping) -> dict[str, float | None]:
    """The derived ratios; None where the denominator is 0 (or a count is missing)."""
    return {key: _as_float(_derive(raw, key)) for key in DERIVED}


def evaluate(raw: Mapping, thresholds: Mapping[str, Number] | None = None) -> list[IndicatorResult]:
    """Every indicator, in the standard's order, judged against the thresholds (settings keys;
    a key left out takes its setting's default)."""
    return [_judge(indicator, raw, thresholds or {}) for indicator in INDICATORS]


def threshold(thresholds: Mapping[str, Number], key: str) -> Decimal:
    value = thresholds.get(key, SETTINGS[key].default)
    number = decimal(value)
    if number is None:
        raise ValueError(f"threshold {key!r} is not a number: {value!r}")
    return number


def _derive(raw: Mapping, key: str) -> Decimal | None:
    numerator, denominator, factor = DERIVED[key]
    top, bottom = decimal(raw.get(numerator)), decimal(raw.get(denominator))
    if top is None or not bottom:
        return None
    rounding = ROUND_CEILING if key == "student_teacher_ratio" else ROUND_FLOOR
    return (top * factor / bottom).quantize(CENT, rounding=rounding)


def _actual(raw: Mapping, key: str) -> Decimal | None:
    return _derive(raw, key) if key in DERIVED else decimal(raw.get(key))


def _judge(indicator: Indicator, raw: Mapping, thresholds: Mapping) -> IndicatorResult:
    if indicator.key == PER_MAJOR:
        return _judge_majors(indicator, raw.get(MAJOR_TEACHERS) or [], thresholds)
    limit = threshold(thresholds, indicator.setting)
    value = _actual(raw, indicator.key)
    unit = SETTINGS[indicator.setting].unit
    sign = "≥" if indicator.kind == "min" else "≤"
    shortfall = _shortfall(indicator.kind, value, limit)
    return IndicatorResult(
        key=indicator.key,
        label=indicator.label,
        required=f"{sign} {amount(limit, unit)}",
        actual=amount(value, unit) if value is not None else _unknown(raw, indicator.key),
        passed=shortfall == 0,
        shortfall_ratio=float(shortfall),
        gap=_gap(indicator.kind, value, limit, unit) if shortfall else "",
    )


def _judge_majors(indicator: Indicator, rows: list, thresholds: Mapping) -> IndicatorResult:
    """The weakest major against the threshold; every major short of it is named in the gap.
    A school with no majors on record has nothing to judge here."""
    limit = threshold(thresholds, indicator.setting)
    counts = [(_major_name(row), decimal(row.get("qualified_teachers"))) for row in rows]
    required = f"每个专业 ≥ {amount(limit, '人')}"
    if not counts:
        return IndicatorResult(
            indicator.key, indicator.label, required, "未登记开设专业", True, 0.0
        )
    known = [count for _, count in counts if count is not None]
    weakest = min(known) if len(known) == len(counts) else None
    shortfall = _shortfall("min", weakest, limit)
    short = [
        f"{name}（{'未填写' if count is None else amount(count, '人')}）"
        for name, count in counts
        if count is None or count < limit
    ]
    actual = (
        f"{len(counts)} 个专业，最少 {amount(weakest, '人')}"
        if weakest is not None
        else f"{len(counts)} 个专业，有未填写"
    )
    gap = f"{len(short)} 个专业不足：{'、'.join(short)}" if shortfall else ""
    return IndicatorResult(
        indicator.key, indicator.label, required, actual, shortfall == 0, float(shortfall), gap
    )


def _major_name(row: Mapping) -> str:
    return str(row.get("major_name") or row.get("major_code") or "未命名专业")


def _shortfall(kind: str, value: Decimal | None, limit: Decimal) -> Decimal:
    """0 when the value meets the limit; otherwise the gap relative to the limit, rounded up to
    4 decimals and capped at 1. A value that cannot be computed fails by the whole limit."""
    if kind == "min" and limit <= 0:
        return Decimal(0)  # a zero threshold asks for nothing
    if value is None:
        return Decimal(1)
    gap = limit - value if kind == "min" else value - limit
    if gap <= 0:
        return Decimal(0)
    if limit <= 0:
        return Decimal(1)
    return min(Decimal(1), (gap / limit).quantize(SHORTFALL_STEP, rounding=ROUND_CEILING))


def _gap(kind: str, value: Decimal | None, limit: Decimal, unit: str) -> str:
    if value is None:
        return "无法计算"
    if kind == "max":
        return f"高出 {amount(value - limit, '')}"
    if unit == "%":
        return f"少 {amount(limit - value, '')} 个百分点"
    return f"少 {amount(limit - value, unit)}"


def _unknown(raw: Mapping, key: str) -> str:
    if key in DERIVED:
        _, denominator, _ = DERIVED[key]
        if decimal(raw.get(denominator)) == 0:
            return f"无法计算（{COUNTS[denominator][0]}为 0）"
    return "未填写"


def amount(value: Decimal, unit: str) -> str:
    """A number with its unit as people write it: "1150 人", "40,000 m²", "48.5%", "20.02:1"."""
    value = value.normalize()
    if value == value.to_integral_value():
        # too many digits to write out (only a value the form refuses): left as it is
        with suppress(InvalidOperation):
            value = value.quantize(Decimal(1))
    text = f"{value:,f}" if abs(value) >= 10000 else f"{value:f}"
    if not unit:
        return text
    return f"{text}{unit}" if unit in TIGHT_UNITS else f"{text} {unit}"


def _as_float(value: Decimal | None) -> float | None:
    return None if value is None else float(value)
