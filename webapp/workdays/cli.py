"""`flask calendar import FILE [--complete-year 2027]` and `flask calendar show YEAR`."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import AppGroup

from webapp.cli.imports import run_import
from webapp.clock import current_clock

from .calendar import package_year_range
from .overview import year_overview
from .service import import_file


@click.group("calendar", cls=AppGroup, help="工作日日历（法定节假日与调休）")
def calendar_command() -> None:
    pass


@calendar_command.command(
    "import", help="从 CSV/XLSX 文件导入日历（列：日期、类型（休/班）、备注）"
)
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--complete-year", type=int, default=None, help="同时标记该年度日历已完整录入，如 2027"
)
def import_command(file: Path, complete_year: int | None) -> None:
    clock = current_clock()
    run_import(lambda: import_file(file, file.name, None, clock, complete_year))


@calendar_command.command("show", help="显示某年的放假日与调休上班日，以及数据来源")
@click.argument("year", type=click.IntRange(1900, 2200))
def show_command(year: int) -> None:
    overview = year_overview(year)
    covered = package_year_range()
    click.echo(f"{year} 年工作日日历")
    click.echo(f"数据来源：{overview.source}")
    if covered:
        click.echo(f"（已安装的 chinesecalendar 覆盖 {covered[0]}–{covered[1]} 年）")
    click.echo(f"全年工作日：{overview.working_day_count} 天")
    for title, working in (("放假日", False), ("调休上班", True)):
        days = [d for d in overview.days if d.is_working == working]
        click.echo(f"{title}（{len(days)} 天）：")
        for d in days:
            origin = "管理员调整" if d.override else "软件包"
            click.echo(f"  {d.day.isoformat()} {d.weekday} {d.kind} {d.note or '-'}（{origin}）")
