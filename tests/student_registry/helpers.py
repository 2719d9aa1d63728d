"""学籍 files for the tests: generated rows with valid 身份证号 (test data only)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from stdnum.cn import ric

HEADER = "学籍号,身份证号,姓名,学校代码,学段,学籍状态,是否全日制学历教育,是否正式学籍,年级,专业代码,是否涉农"


def id_number(serial: int) -> str:
    """A valid 身份证号, different for each serial below 336,000."""
    born = f"2008{serial % 336 // 28 + 1:02d}{serial % 28 + 1:02d}"
    body = f"210102{born}{serial // 336 % 1000:03d}"
    return body + ric.calc_check_digit(body + "0")


def row(serial: int, school: str = "2121000001", stage: str = "中职", **changes: str) -> str:
    values = {
        "学籍号": f"G{serial:012d}",
        "身份证号": id_number(serial),
        "姓名": f"学生{serial}",
        "学校代码": school,
        "学段": stage,
        "学籍状态": "在籍在校",
        "是否全日制学历教育": "是",
        "是否正式学籍": "是",
        "年级": str(serial % 3 + 1),
        "专业代码": "660101" if stage == "中职" else "",
        "是否涉农": "否",
    }
    values.update(changes)
    return ",".join(values.values())


def write_csv(path: Path, rows: Iterable[str], header: str = HEADER, encoding="utf-8") -> Path:
    with path.open("w", encoding=encoding, newline="") as stream:
        stream.write(header + "\n")
        for line in rows:
            stream.write(line + "\n")
    return path
