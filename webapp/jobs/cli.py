"""`flask jobs run` (run every pending background job, then exit) and `flask jobs list`."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy import select

from webapp.extensions import db

from .models import STATES, BackgroundJob

jobs_cli = AppGroup("jobs", help="后台任务：运行排队中的任务、查看任务")


@jobs_cli.command("run", help="运行所有排队中的后台任务后退出（供 cron 与测试）")
@click.option("--limit", type=int, default=None, help="最多运行的个数")
def run_command(limit: int | None) -> None:
    from scheduler.jobs import run_pending

    app = current_app._get_current_object()
    count = run_pending(app, app.extensions["clock"], limit=limit)
    click.echo(f"已运行 {count} 个后台任务")


@jobs_cli.command("list", help="列出最近的后台任务")
@click.option("--state", type=click.Choice(sorted(STATES)), default=None, help="只看此状态")
@click.option("--limit", type=int, default=50, help="最多列出的个数")
def list_command(state: str | None, limit: int) -> None:
    query = select(BackgroundJob).order_by(BackgroundJob.id.desc()).limit(limit)
    if state:
        query = query.where(BackgroundJob.state == state)
    for job in db.session.scalars(query):
        total = job.total if job.total is not None else "-"
        click.echo(
            f"{job.id}\t{job.kind}\t{job.state_label}\t{job.progress}/{total}\t"
            f"{job.attempts}/{job.max_attempts}\t{job.created_at:%Y-%m-%d %H:%M}\t"
            f"{job.error or job.message}"
        )
