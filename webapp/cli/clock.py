"""`flask clock show|set|advance`: the manual clock (CLOCK=manual, demo and tests only)."""

from __future__ import annotations

from datetime import datetime

import click
from flask.cli import AppGroup

from webapp.clock import StoredClock, current_clock
from webapp.services.durations import parse_duration

clock_cli = AppGroup("clock", help="手动时钟（仅演示和测试，CLOCK=manual）")


def _manual() -> StoredClock:
    clock = current_clock()
    if not isinstance(clock, StoredClock):
        raise click.ClickException("当前使用系统时钟；设置 CLOCK=manual 后才能调整时间。")
    return clock


@clock_cli.command("show", help="显示当前时间")
def show() -> None:
    click.echo(current_clock().now().isoformat())


@clock_cli.command("set", help="设定当前时间，如 2026-03-15T09:00:00+08:00")
@click.argument("instant")
def set_(instant: str) -> None:
    try:
        moment = datetime.fromisoformat(instant)
    except ValueError as error:
        raise click.ClickException(
            f"时间格式不正确：{instant}（应如 2026-03-15T09:00:00+08:00）"
        ) from error
    if moment.tzinfo is None:
        raise click.ClickException("时间需要带时区，如 +08:00")
    _manual().set(moment)
    click.echo(_manual().now().isoformat())


@clock_cli.command("advance", help="把时间向后拨，如 P3D、PT2H")
@click.argument("duration")
def advance(duration: str) -> None:
    try:
        delta = parse_duration(duration)
    except ValueError as error:
        raise click.ClickException(str(error)) from error
    _manual().advance(delta)
    click.echo(_manual().now().isoformat())
