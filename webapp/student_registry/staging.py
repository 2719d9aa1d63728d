"""The staging table an import streams its checked rows into before the swap, and its queries.

Each import writes under its own token; rows left by an import that was killed are removed when the
next one starts. Imports run one at a time (the swap notices if another one removed its rows).
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Integer, String, delete, func, select
from sqlalchemy.orm import Mapped, mapped_column

from webapp.extensions import db

from .importing import MAX_PROBLEMS, Registration

DATA_COLUMNS = Registration._fields[1:]  # everything but the line
_STAGED_COLUMNS = ("token", *Registration._fields)


class RegistryStaging(db.Model):
    """One checked row of an import in progress, with its line in the file."""

    __tablename__ = "registry_staging"

    token: Mapped[str] = mapped_column(String(32), primary_key=True)
    line: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    student_no: Mapped[str] = mapped_column(String(32))
    id_number: Mapped[str] = mapped_column(String(18))
    name: Mapped[str] = mapped_column(String(50))
    school_code: Mapped[str] = mapped_column(String(32))
    stage: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16))
    full_time: Mapped[bool] = mapped_column()
    formal: Mapped[bool] = mapped_column()
    grade: Mapped[int | None] = mapped_column()
    major_code: Mapped[str] = mapped_column(String(6))
    agricultural: Mapped[bool] = mapped_column()


def write_batch(token: str, batch: Sequence[Registration]) -> None:
    """Add the rows to this import's staging (COPY on PostgreSQL, executemany elsewhere)."""
    connection = db.session.connection()
    names = ", ".join(_STAGED_COLUMNS)
    if connection.dialect.name == "postgresql":
        raw = connection.connection.driver_connection
        with raw.cursor() as cursor, cursor.copy(f"COPY registry_staging ({names}) FROM STDIN") as copy:  # fmt: skip
            for row in batch:
                copy.write_row((token, *row))
        return
    marks = ", ".join("?" for _ in _STAGED_COLUMNS)
    sql = f"INSERT INTO registry_staging ({names}) VALUES ({marks})"  # noqa: S608 (fixed names)
    connection.exec_driver_sql(sql, [(token, *row) for row in batch])


def discard(token: str | None = None) -> int:
    """Remove one import's staged rows, or (token None) every import's; flushes, no commit."""
    query = delete(RegistryStaging)
    if token is not None:
        query = query.where(RegistryStaging.token == token)
    return db.session.execute(query.execution_options(synchronize_session=False)).rowcount


def staged_count(token: str) -> int:
    query = select(func.count()).select_from(RegistryStaging)
    return db.session.scalar(query.where(RegistryStaging.token == token)) or 0


def duplicates(token: str) -> tuple[list[str], int]:
    """Chinese lines for 学籍号 repeated in the file and 身份证号 repeated within one 学段 (the
    first MAX_PROBLEMS), and how many repeated values there are in all."""
    staged = RegistryStaging
    problems: list[str] = []
    total = 0
    for keys, label in (
        ((staged.student_no,), "学籍号"),
        ((staged.stage, staged.id_number), "身份证号"),
    ):
        repeated = (
            select(*keys).where(staged.token == token).group_by(*keys).having(func.count() > 1)
        )
        total += db.session.scalar(select(func.count()).select_from(repeated.subquery())) or 0
        for values in db.session.execute(repeated.limit(MAX_PROBLEMS - len(problems))):
            problems.append(_repeat_line(token, keys, tuple(values), label))
    return problems, total


def _repeat_line(token: str, keys: tuple, values: tuple, label: str) -> str:
    query = select(RegistryStaging.line).where(RegistryStaging.token == token)
    for key, value in zip(keys, values, strict=True):
        query = query.where(key == value)
    lines = list(db.session.scalars(query.order_by(RegistryStaging.line).limit(10)))
    shown = "、".join(str(line) for line in lines)
    where = f"（学段 {values[0]}）" if len(values) == 2 else ""
    return f"{label}“{values[-1]}”在文件中重复{where}：第 {shown} 行"
