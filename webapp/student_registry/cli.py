"""`flask registry import FILE [--as-of D]` and `flask registry stats`: the 学籍 reference data."""

from __future__ import annotations

from datetime import date

import click
from flask.cli import AppGroup

from webapp.cli.imports import run_import
from webapp.clock import current_clock
from webapp.local_time import local_date


@click.group("registry", cls=AppGroup, help="学籍数据（全国学籍系统导出）")
def registry_cli() -> None:
    pass


def _show_progress(done: int, total: int | None = None, message: str = "") -> None:
    click.echo(message or f"已处理 {done} 行")


@registry_cli.command("import", help="导入学籍（CSV 或 XLSX）；任何一行有误则整份不导入")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--as-of", "as_of", type=click.DateTime(["%Y-%m-%d"]), help="导出日期，默认今天")
def import_command(path: str, as_of) -> None:
    from webapp.student_registry.service import import_registry

    clock = current_clock()
    day: date = as_of.date() if as_of else local_date(clock.now())
    run_import(lambda: import_registry(path, path, day, clock, progress=_show_progress))


@registry_cli.command("stats", help="按学段、学籍状态统计学籍条数")
def stats_command() -> None:
    from webapp.student_registry.queries import counts_by_stage

    for counts in counts_by_stage():
        statuses = "，".join(f"{status} {n}" for status, n in counts.by_status.items() if n)
        click.echo(f"{counts.stage}：{counts.total} 条" + (f"（{statuses}）" if statuses else ""))
