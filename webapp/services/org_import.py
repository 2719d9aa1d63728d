"""Importing organisations (the province, its cities, their schools) from a .csv or .xlsx file:
every row checked first, nothing written when any row is wrong; rows already there unchanged
are skipped, so the same file imported twice changes nothing."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select

from webapp import audit
from webapp.clock import Clock
from webapp.extensions import db
from webapp.models import Organisation, ProcessInstance
from webapp.spreadsheets import ImportRefused, read_table, read_upload

COLUMNS = ("代码", "类型", "名称", "上级代码")
KINDS = {"province": "province", "省": "province", "省级": "province",
         "city": "city", "市": "city", "市级": "city",
         "school": "school", "学校": "school"}  # fmt: skip
PARENT_KIND = {"province": None, "city": "province", "school": "city"}
KIND_NAMES = {"province": "省", "city": "市", "school": "学校"}
CODE = re.compile(r"[0-9A-Za-z]{4,32}")
MAX_BYTES, MAX_ROWS = 5 * 1024 * 1024, 20_000
# The province and its 14 cities, shipped for a first installation.
DEFAULT_FILE = (
    Path(__file__).resolve().parent.parent / "cli" / "data" / "liaoning-organisations.csv"
)


class OrganisationsRefused(ImportRefused):
    what = "机构"


@dataclass(frozen=True)
class Row:
    line: int
    code: str
    kind: str
    name: str
    parent: str


@dataclass
class ImportResult:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: int = 0

    @property
    def summary(self) -> str:
        return (
            f"机构导入完成：新增 {len(self.created)} 个，更新 {len(self.updated)} 个，"
            f"{self.unchanged} 个已存在且无变化。"
        )


def _text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a code typed as a number in Excel
    return str(value if value is not None else "").strip()


def _row(line: int, raw: dict) -> tuple[Row | None, list[str]]:
    code, kind_text = _text(raw.get("代码")), _text(raw.get("类型"))
    name, parent = _text(raw.get("名称")), _text(raw.get("上级代码"))
    problems = []
    if not CODE.fullmatch(code):
        problems.append(f"第 {line} 行：代码“{code}”应为 4–32 位字母或数字")
    kind = KINDS.get(kind_text.lower() if kind_text.isascii() else kind_text)
    if kind is None:
        problems.append(f"第 {line} 行：类型“{kind_text}”应为 省、市 或 学校")
    if not name or len(name) > 200:
        problems.append(f"第 {line} 行：名称不能为空，且不超过 200 字")
    if kind == "province" and parent:
        problems.append(f"第 {line} 行：省级机构没有上级，“上级代码”应留空")
    if kind in ("city", "school") and not parent:
        problems.append(f"第 {line} 行：{KIND_NAMES[kind]}须填写上级代码")
    return (Row(line, code, kind, name, parent) if not problems else None), problems


def _kinds_in_database(codes: set[str]) -> dict[str, str]:
    found = db.session.execute(
        select(Organisation.code, Organisation.kind).where(Organisation.code.in_(codes))
    )
    return dict(found.all())


def _hierarchy_problems(rows: list[Row]) -> list[str]:
    """Duplicates in the file, kinds that differ from the database's, parents that are missing
    or of the wrong kind (a city under the province, a school under a city)."""
    problems, first_line = [], {}
    in_file = {row.code: row.kind for row in rows}
    stored = _kinds_in_database({r.code for r in rows} | {r.parent for r in rows if r.parent})
    for row in rows:
        if row.code in first_line:
            problems.append(f"第 {row.line} 行：代码 {row.code} 与第 {first_line[row.code]} 行重复")
        first_line.setdefault(row.code, row.line)
        if stored.get(row.code, row.kind) != row.kind:
            was = KIND_NAMES.get(stored[row.code], stored[row.code])
            problems.append(
                f"第 {row.line} 行：代码 {row.code} 已是{was}，不能改为{KIND_NAMES[row.kind]}"
            )
        if not row.parent:
            continue
        parent_kind = in_file.get(row.parent) or stored.get(row.parent)
        wanted = PARENT_KIND[row.kind]
        if parent_kind is None:
            problems.append(f"第 {row.line} 行：上级代码 {row.parent} 不在文件中，也不在系统中")
        elif parent_kind != wanted:
            problems.append(
                f"第 {row.line} 行：{KIND_NAMES[row.kind]}的上级应为{KIND_NAMES[wanted]}，"
                f"{row.parent} 是{KIND_NAMES[parent_kind]}"
            )
    return problems


def _moves_with_cases(rows: list[Row]) -> list[str]:
    """A school with cases may not move to another city: its cases and their open steps belong
    to the city they were started under."""
    problems = []
    for row in rows:
        if row.kind != "school":
            continue
        org = db.session.scalar(select(Organisation).where(Organisation.code == row.code))
        if org is None or not org.parent or org.parent.code == row.parent:
            continue
        has_cases = select(ProcessInstance.id).where(ProcessInstance.school_id == org.id)
        if db.session.scalar(has_cases.limit(1)) is not None:
            problems.append(
                f"第 {row.line} 行：学校 {row.code} 已有事项，不能从 {org.parent.code} 改到 "
                f"{row.parent}（已有事项按原所属市办理）"
            )
    return problems


def check(raw_rows: list[dict]) -> list[Row]:
    """The file's rows, checked; OrganisationsRefused listing every problem otherwise."""
    rows, problems = [], []
    for line, raw in enumerate(raw_rows, start=2):
        if not any(_text(value) for value in raw.values()):
            continue  # a blank line
        row, found = _row(line, raw)
        problems += found
        if row:
            rows.append(row)
    if not rows and not problems:
        problems.append("文件中没有机构数据行")
    problems += (_hierarchy_problems(rows) + _moves_with_cases(rows)) if not problems else []
    if problems:
        raise OrganisationsRefused(problems)
    return rows


def _write(row: Row, parent: Organisation | None, result: ImportResult, clock: Clock) -> None:
    org = db.session.scalar(select(Organisation).where(Organisation.code == row.code))
    if org is None:
        org = Organisation(code=row.code, kind=row.kind, name=row.name, parent=parent)
        db.session.add(org)
        db.session.flush()
        result.created.append(row.code)
        after = {"code": row.code, "kind": row.kind, "name": row.name, "parent": row.parent}
        audit.record("organisation_created", clock, subject=f"organisation:{org.id}", after=after)
        return
    before = {"name": org.name, "parent": org.parent.code if org.parent else ""}
    after = {"name": row.name, "parent": row.parent}
    if before == after:
        result.unchanged += 1
        return
    org.name, org.parent = row.name, parent
    result.updated.append(row.code)
    audit.record(
        "organisation_updated", clock, subject=f"organisation:{org.id}", before=before, after=after
    )


def import_rows(raw_rows: list[dict], clock: Clock) -> ImportResult:
    """Check every row, then create or update them parents first; the caller commits."""
    rows = check(raw_rows)
    result = ImportResult()
    order = {"province": 0, "city": 1, "school": 2}
    for row in sorted(rows, key=lambda r: order[r.kind]):
        parent = None
        if row.parent:
            parent = db.session.scalar(select(Organisation).where(Organisation.code == row.parent))
        _write(row, parent, result, clock)
    return result


def import_file(path: str | Path, clock: Clock) -> ImportResult:
    data = read_upload(path, MAX_BYTES)
    rows = read_table(
        data,
        Path(path).name,
        columns=COLUMNS,
        required=COLUMNS[:3],
        max_bytes=MAX_BYTES,
        max_rows=MAX_ROWS,
        refused=OrganisationsRefused,
    )
    return import_rows(rows, clock)
