"""Importing a 学籍 export: stream → check → stage in batches → check repeats → swap, all or nothing.

Unlike other services this one commits: each staged batch (so a file of millions of rows never sits
in memory or in one huge transaction) and then the swap, which replaces the registry rows of every
(学校代码, 学段) pair in the file in one transaction. A refused or killed import leaves
registry_student as it was; it can simply be run again from the start.
"""

from __future__ import annotations

import contextlib
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import Date, delete, func, insert, literal, select, text, tuple_

from webapp import audit
from webapp.clock import Clock
from webapp.errors import Conflict
from webapp.extensions import db
from webapp.models import User

from . import staging
from .importing import MAX_PROBLEMS, Registration, RegistryImportRefused, check_row, read_rows
from .models import RegistryStudent
from .staging import DATA_COLUMNS, RegistryStaging

BATCH_SIZE = 5000
Progress = Callable[..., object]  # progress(done, total=None, message="")


@dataclass(frozen=True)
class ImportResult:
    rows: int
    pairs: int  # (学校代码, 学段) pairs replaced
    deleted: int
    inserted: int
    seconds: float

    @property
    def summary(self) -> str:
        return (
            f"已导入学籍 {self.rows} 条：替换 {self.pairs} 个学校学段的数据，删除原有 "
            f"{self.deleted} 条，写入 {self.inserted} 条，用时 {self.seconds:.1f} 秒。"
            "文件中未出现的学校和学段未作改动。"
        )


def _report(progress: Progress | None, done: int, total: int | None, message: str) -> None:
    if progress is not None:
        progress(done, total, message)


def _stage(token: str, path, filename: str, progress, batch_size: int) -> int:
    """Check every row and stage the good ones batch by batch: the number of rows, or
    RegistryImportRefused if any row is wrong (counting them all, keeping the first ones)."""
    problems: list[str] = []
    total_problems = rows = 0
    batch: list[Registration] = []
    for line, row in read_rows(path, filename):
        rows += 1
        registration, row_problems = check_row(line, row)
        if row_problems:
            total_problems += len(row_problems)
            problems += row_problems[: max(0, MAX_PROBLEMS - len(problems))]
            continue
        if total_problems:
            continue  # the file will be refused: only keep counting its problems
        batch.append(registration)
        if len(batch) >= batch_size:
            _commit_batch(token, batch, rows, progress)
    if not rows:
        problems, total_problems = ["文件中没有数据行"], 1
    if total_problems:
        raise RegistryImportRefused(problems, total_problems)
    if batch:
        _commit_batch(token, batch, rows, progress)
    return rows


def _commit_batch(token: str, batch: list[Registration], done: int, progress) -> None:
    staging.write_batch(token, batch)
    db.session.commit()
    batch.clear()
    _report(progress, done, None, f"已检查并暂存 {done} 行")


def _abandon(token: str) -> None:
    """After a failure: roll back and remove this import's staged rows, as far as possible (a
    failure here is left to the next import's clean-up, the first error being the one to show)."""
    db.session.rollback()
    with contextlib.suppress(Exception):
        staging.discard(token)
        db.session.commit()


def _swap(token: str, as_of: date, rows: int) -> tuple[int, int, int]:
    """Replace the registry rows of the file's (学校代码, 学段) pairs with the staged rows, in the
    current transaction: (pairs, deleted, inserted)."""
    staged, student = RegistryStaging, RegistryStudent.__table__  # Core: exact row counts
    pairs = select(staged.school_code, staged.stage).where(staged.token == token).distinct()
    pair_count = db.session.scalar(select(func.count()).select_from(pairs.subquery())) or 0
    deleted = db.session.execute(
        delete(student).where(tuple_(student.c.school_code, student.c.stage).in_(pairs))
    ).rowcount
    source = select(*(getattr(staged, name) for name in DATA_COLUMNS), literal(as_of, Date))
    source = source.where(staged.token == token).order_by(staged.line)
    inserted = db.session.execute(
        insert(student)
        .from_select([*DATA_COLUMNS, "as_of"], source)
        .execution_options(preserve_rowcount=True)  # an INSERT's count is kept only on request
    ).rowcount
    if inserted != rows:
        raise Conflict("另一次学籍导入同时进行，本次导入已取消，请稍后重试。")
    staging.discard(token)
    return pair_count, deleted, inserted


def import_registry(
    path: str | Path,
    filename: str,
    as_of: date,
    clock: Clock,
    actor: User | None = None,
    progress: Progress | None = None,
    *,
    batch_size: int = BATCH_SIZE,
) -> ImportResult:
    """Import a 学籍 export and commit, or raise RegistryImportRefused having written nothing.
    `filename` says the format (.csv in UTF-8 or GB18030, or .xlsx)."""
    started = time.perf_counter()  # a duration, not the time of day: no Clock needed
    token = uuid.uuid4().hex
    if staging.discard():  # rows of an import that was killed before its swap
        db.session.commit()
    try:
        rows = _stage(token, path, filename, progress, batch_size)
        _report(progress, rows, rows, "正在检查文件内重复的学籍号和身份证号")
        problems, total = staging.duplicates(token)
        if problems:
            raise RegistryImportRefused(problems, total)
        _report(progress, rows, rows, "正在替换学籍数据")
        pairs, deleted, inserted = _swap(token, as_of, rows)
        seconds = round(time.perf_counter() - started, 2)
        result = ImportResult(rows, pairs, deleted, inserted, seconds)
        audit.record(
            "registry_imported", clock, actor, subject=f"student_registry:{as_of.isoformat()}",
            after={"file": Path(filename).name, "as_of": as_of.isoformat(), "rows": rows,
                   "pairs": pairs, "deleted": deleted, "inserted": inserted},
        )  # fmt: skip
        db.session.commit()
    except BaseException:
        _abandon(token)
        raise
    _analyse()
    _report(progress, rows, rows, "导入完成")
    return result


def _analyse() -> None:
    """Fresh planner statistics for the registry after a large change, as the checks join
    against it (autovacuum would get there on PostgreSQL, SQLite never does by itself)."""
    db.session.execute(text("ANALYZE registry_student"))
    db.session.commit()
