"""Reading a 学籍 export (CSV or XLSX) row by row and checking each row, with Chinese problems.

check_row is pure: it turns one {column: value} row into a Registration or a list of problems
("第 4 行，学段：…"). The header is line 1. 年级 is required (1–3) for 中职, 普通高中 and 技工学校;
for 普通高等学校 and 义务教育 it may be empty, and if given must still be 1–3 (what the model keeps).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import NamedTuple

from webapp import spreadsheets
from webapp.identifiers import compact, validate_id_number

from .models import STAGES, STATUSES

COLUMNS = (
    "学籍号",
    "身份证号",
    "姓名",
    "学校代码",
    "学段",
    "学籍状态",
    "是否全日制学历教育",
    "是否正式学籍",
    "年级",
    "专业代码",
    "是否涉农",
)
GRADES_OPTIONAL = ("普通高等学校", "义务教育")
MAJOR_REQUIRED = ("中职",)
MAX_PROBLEMS = 200
_MAJOR_CODE = re.compile(r"^[0-9]{6}$")
_FLAGS = {"是": True, "否": False}


class RegistryImportRefused(spreadsheets.ImportRefused):
    """The file was refused: `problems` holds the first MAX_PROBLEMS, `total` how many there were."""

    what = "学籍"

    def __init__(self, problems: list[str], total: int | None = None) -> None:
        # both set first: the base class builds its message from the heading
        self.problems = problems[:MAX_PROBLEMS]
        self.total = max(total or 0, len(problems))
        super().__init__(self.problems)

    @property
    def heading(self) -> str:
        shown = "" if self.total <= len(self.problems) else f"，以下列出前 {len(self.problems)} 处"
        return f"{self.what}导入失败，未导入任何数据（共 {self.total} 处问题{shown}）"


class Registration(NamedTuple):
    """One checked row, in the order the staging table stores it."""

    line: int
    student_no: str
    id_number: str
    name: str
    school_code: str
    stage: str
    status: str
    full_time: bool
    formal: bool
    grade: int | None
    major_code: str
    agricultural: bool


def _text(value: object) -> str:
    if type(value) is str:  # nearly every cell of a CSV: the quick way first
        return value.strip()
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _required_text(row: Mapping[str, object], column: str, limit: int, problems: dict) -> str:
    text = _text(row.get(column))
    if not text:
        problems[column] = "不能为空"
    elif len(text) > limit:
        problems[column] = f"“{text[:limit]}…”超过 {limit} 个字符"
    return text


def _choice(row: Mapping[str, object], column: str, allowed: tuple, problems: dict) -> str:
    text = _text(row.get(column))
    if text not in allowed:
        shown = f"“{text}”" if text else "空白"
        problems[column] = f"{shown}不是有效值，应为{'、'.join(allowed)}之一"
    return text


def _flag(row: Mapping[str, object], column: str, problems: dict, empty: bool | None = None):
    text = _text(row.get(column))
    if not text and empty is not None:
        return empty
    if text not in _FLAGS:
        problems[column] = (
            f"“{text}”无法识别，请填“是”或“否”" if text else "不能为空，请填“是”或“否”"
        )
        return False
    return _FLAGS[text]


def _grade(row: Mapping[str, object], stage: str, problems: dict) -> int | None:
    text = _text(row.get("年级"))
    if not text:
        if stage not in GRADES_OPTIONAL:
            problems["年级"] = f"{stage or '该学段'}的年级不能为空，应为 1–3"
        return None
    if text not in ("1", "2", "3"):
        problems["年级"] = f"“{text}”无效，应为 1、2 或 3"
        return None
    return int(text)


def _major_code(row: Mapping[str, object], stage: str, problems: dict) -> str:
    code = _text(row.get("专业代码"))
    if not code and stage in MAJOR_REQUIRED:
        problems["专业代码"] = f"{stage}学籍的专业代码不能为空"
    elif code and not _MAJOR_CODE.match(code):
        problems["专业代码"] = f"“{code}”应为 6 位数字"
    return code


def check_row(line: int, row: Mapping[str, object]) -> tuple[Registration | None, list[str]]:
    """The checked row, or None and one Chinese line per wrong column."""
    problems: dict[str, str] = {}
    student_no = _required_text(row, "学籍号", 32, problems)
    id_number = compact(_text(row.get("身份证号")))
    if error := validate_id_number(id_number):
        problems["身份证号"] = error if id_number else "不能为空"
    name = _required_text(row, "姓名", 50, problems)
    school_code = _required_text(row, "学校代码", 32, problems)
    stage = _choice(row, "学段", STAGES, problems)
    status = _choice(row, "学籍状态", STATUSES, problems)
    full_time = _flag(row, "是否全日制学历教育", problems)
    formal = _flag(row, "是否正式学籍", problems)
    grade = _grade(row, stage, problems)
    major_code = _major_code(row, stage, problems)
    agricultural = _flag(row, "是否涉农", problems, empty=False)
    if problems:
        return None, [f"第 {line} 行，{column}：{text}" for column, text in problems.items()]
    registration = Registration(
        line, student_no, id_number, name, school_code, stage, status,
        full_time, formal, grade, major_code, agricultural,
    )  # fmt: skip
    return registration, []


def read_rows(path: str | Path, filename: str) -> Iterator[tuple[int, dict[str, object]]]:
    """The file's data rows, streamed; RegistryImportRefused for a file that is not a table."""
    return spreadsheets.stream_table(
        path, filename, columns=COLUMNS, required=COLUMNS, refused=RegistryImportRefused
    )
