"""`flask uploads sweep`: remove orphaned upload files and never-linked uploads older than a day
(the scheduler service does this hourly; cron can run this instead)."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup

from webapp.clock import current_clock
from webapp.extensions import db

uploads_cli = AppGroup("uploads", help="上传文件维护")


@uploads_cli.command("sweep", help="删除一天以前遗留的孤立文件和未关联到案件的上传")
def sweep_command() -> None:
    from webapp.services.orphaned_uploads import sweep

    removed = sweep(current_app.config["UPLOAD_DIR"], current_clock())
    db.session.commit()
    click.echo(
        f"已删除孤立文件 {len(removed.files)} 个，未关联到案件的上传 {len(removed.uploads)} 个"
    )
