"""One row of a school's recipient list (资助名单), checked before anything is stored: the
columns are fixed so the schools' spreadsheets fit without editing."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import NamedTuple

from webapp.identifiers import compact, validate_id_number

COLUMNS = (
    "学籍号",
    "身份证号",
    "姓名",
    "年级",
    "专业代码",
    "资助类型",
    "档次",
    "金额",
    "家庭经济困难认定",
)
SUBSIDY_TYPES = ("国家助学金", "免学费")
MAX_AMOUNT = Decimal("100000")


class RecipientRow(NamedTuple):
    line: int
    student_no: str
    id_number: str
    name: str
    grade: int
    major_code: str
    subsidy_type: str
    tier: str
    amount: Decimal
    hardship: bool


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def check_recipient(
    line: int, row: Mapping[str, object], subsidy_type: str, tiers: Mapping[str, int], majors: set
) -> tuple[RecipientRow | None, list[str]]:
    """The row, or the problems with it ("第 N 行，列：……") against the round's subsidy type,
    the tier amounts and the catalogue's major codes."""
    recipient, cells = check_cells(line, row, subsidy_type, tiers, majors)
    return recipient, [f"第 {line} 行，{column}：{text}" for column, text in cells]


def check_cells(
    line: int, row: Mapping[str, object], subsidy_type: str, tiers: Mapping[str, int], majors: set
) -> tuple[RecipientRow | None, list[tuple[str, str]]]:
    """The row, or its problems as (column, what is wrong)."""
    problems: list[tuple[str, str]] = []

    def problem(column: str, text: str) -> None:
        problems.append((column, text))

    student_no = _text(row.get("学籍号"))
    if not student_no or len(student_no) > 32:
        problem("学籍号", "不能为空，最多 32 个字符")
    id_number = compact(_text(row.get("身份证号")))
    id_problem = validate_id_number(id_number)
    if id_problem:
        problem("身份证号", id_problem)
    name = _text(row.get("姓名"))
    if not name or len(name) > 50:
        problem("姓名", "不能为空，最多 50 个字符")
    grade_text = _text(row.get("年级"))
    if grade_text not in ("1", "2", "3"):
        problem("年级", f"应为 1、2 或 3，现为“{grade_text}”")
    major_code = _text(row.get("专业代码"))
    if major_code not in majors:
        problem("专业代码", f"“{major_code}”不在现行中职专业目录中")
    kind = _text(row.get("资助类型"))
    if kind != subsidy_type:
        problem("资助类型", f"本轮核查的是“{subsidy_type}”，该行为“{kind}”")
    tier = _text(row.get("档次"))
    if subsidy_type == "国家助学金" and tier not in tiers:
        problem("档次", f"应为 {'、'.join(tiers)} 之一，现为“{tier}”")
    try:
        amount = Decimal(_text(row.get("金额")))
        if not Decimal(0) < amount <= MAX_AMOUNT:
            raise InvalidOperation
    except InvalidOperation:
        amount = Decimal(0)
        problem("金额", "应为大于 0 的金额（元）")
    hardship_text = _text(row.get("家庭经济困难认定"))
    if hardship_text not in ("是", "否"):
        problem("家庭经济困难认定", "应填“是”或“否”")
    if problems:
        return None, problems
    return (
        RecipientRow(
            line, student_no, id_number, name, int(grade_text), major_code, kind, tier, amount,
            hardship_text == "是",
        ),
        [],
    )  # fmt: skip
