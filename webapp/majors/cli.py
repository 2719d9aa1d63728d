"""`flask majors import FILE [--version V]`: load one catalogue version from a CSV or XLSX file."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from webapp.cli.imports import run_import
from webapp.clock import current_clock

DEFAULT_VERSION = "2021"


@click.group("majors", cls=AppGroup, help="专业目录与学校开设专业")
def majors_cli() -> None:
    pass


@majors_cli.command("import", help="导入专业目录（CSV 或 XLSX）；任何一行有误则整份不导入")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--version", "version", default=DEFAULT_VERSION, show_default=True, help="目录版本")
def import_command(path: str, version: str) -> None:
    from webapp.majors.service import import_file

    run_import(lambda: import_file(path, path, version, None, current_clock()))
