"""`flask scheduler run` (the service) and `flask scheduler sweep` (one sweep, for cron and tests)."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup

scheduler_cli = AppGroup("scheduler", help="到期处理服务：触发定时器、提醒和逾期")


@scheduler_cli.command("sweep", help="处理所有已到期事项后退出")
@click.option("--limit", type=int, default=None, help="最多处理的条数")
def sweep_command(limit: int | None) -> None:
    from scheduler.sweep import sweep

    app = current_app._get_current_object()
    result = sweep(app, app.extensions["clock"], limit)
    click.echo(f"已触发 {result.fired} 条，失败 {result.failed} 条")


@scheduler_cli.command("run", help="持续运行，按间隔处理到期事项（可同时运行多个）")
@click.option("--interval", type=float, default=None, help="间隔秒数（默认 SCHEDULER_INTERVAL）")
def run_command(interval: float | None) -> None:
    from scheduler.runner import run_forever

    app = current_app._get_current_object()
    run_forever(app, interval or app.config["SCHEDULER_INTERVAL"])
