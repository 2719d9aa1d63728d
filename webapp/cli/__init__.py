"""Command-line tools: demo data, organisations, users, deployment and audit checks."""

from __future__ import annotations

import click
from flask import Flask, current_app
from flask.cli import AppGroup, with_appcontext
from sqlalchemy import select

from webapp.clock import current_clock
from webapp.errors import DomainError
from webapp.extensions import db
from webapp.models import Organisation


def register(app: Flask) -> None:
    from webapp.cli import demo
    from webapp.workdays.cli import calendar_command

    app.cli.add_command(demo.demo_command)
    app.cli.add_command(orgs)
    app.cli.add_command(users)
    app.cli.add_command(deploy_command)
    app.cli.add_command(audit)
    app.cli.add_command(calendar_command)
    from scheduler.cli import scheduler_cli
    from webapp.cli.clock import clock_cli
    from webapp.cli.uploads import uploads_cli
    from webapp.jobs.cli import jobs_cli
    from webapp.majors.cli import majors_cli
    from webapp.student_registry.cli import registry_cli

    app.cli.add_command(clock_cli)
    app.cli.add_command(uploads_cli)
    app.cli.add_command(scheduler_cli)
    app.cli.add_command(majors_cli)
    app.cli.add_command(registry_cli)
    app.cli.add_command(jobs_cli)


@click.group(cls=AppGroup, help="机构管理")
def orgs() -> None:
    pass


@orgs.command("list", help="列出全部机构：代码、类型、名称、上级")
def orgs_list() -> None:
    rows = db.session.scalars(select(Organisation).order_by(Organisation.code))
    for org in rows:
        parent = org.parent.code if org.parent else "-"
        click.echo(f"{org.code}\t{org.kind}\t{org.name}\t{parent}")


@orgs.command(
    "import",
    help="导入机构（省、市、学校）：.csv 或 .xlsx，表头 代码、类型、名称、上级代码；"
    "可重复执行，有任何一行出错则不写入。不指定文件时导入辽宁省及其 14 个市",
)
@click.argument("path", required=False, type=click.Path(exists=True, dir_okay=False))
def orgs_import(path: str | None) -> None:
    from webapp.services.org_import import DEFAULT_FILE, import_file

    try:
        result = import_file(path or DEFAULT_FILE, current_clock())
    except DomainError as error:
        db.session.rollback()
        raise click.ClickException(error.message) from error
    db.session.commit()
    click.echo(result.summary)


@click.group(cls=AppGroup, help="用户管理")
def users() -> None:
    pass


@users.command("create", help="创建用户")
@click.option("--username", required=True)
@click.option("--password", required=True)
@click.option("--role", required=True)
@click.option("--org", "org_code", default=None, help="机构代码（评审专家可不填）")
@click.option("--name", default="", help="显示名")
def users_create(username: str, password: str, role: str, org_code: str | None, name: str) -> None:
    from webapp.services.auth import create_user

    try:
        user = create_user(
            username,
            password,
            role,
            org_code,
            current_clock(),
            name,
            current_app.config["PASSWORD_HASH_METHOD"],
        )
    except DomainError as error:
        db.session.rollback()
        raise click.ClickException(error.message) from error
    db.session.commit()
    click.echo(f"已创建用户 {user.username}（{user.role_label}）")


@users.command("set-password", help="重置密码：该用户已有的登录会话和 API 令牌全部失效")
@click.option("--username", required=True)
@click.option("--password", prompt="新密码", hide_input=True, confirmation_prompt=True)
def users_set_password(username: str, password: str) -> None:
    from webapp.services.auth import set_password, user_named

    try:
        user = user_named(username)
        set_password(user, password, current_clock(), current_app.config["PASSWORD_HASH_METHOD"])
    except DomainError as error:
        db.session.rollback()
        raise click.ClickException(error.message) from error
    db.session.commit()
    click.echo(f"已重置 {user.username} 的密码；其已有的登录会话和 API 令牌均已失效。")


@click.command("deploy", help="部署流程文件（默认 workflows/ 下全部 .bpmn/.dmn）")
@click.argument("paths", nargs=-1, type=click.Path(exists=True, dir_okay=False))
@with_appcontext
def deploy_command(paths: tuple[str, ...]) -> None:
    from webapp.services.deploy import deploy, workflow_files

    files = list(paths) or workflow_files(current_app.config["WORKFLOWS_DIR"])
    if not files:
        click.echo("没有需要部署的流程文件。")
        return
    try:
        results = deploy(files, current_app.config["FORMS_DIR"], current_clock())
    except DomainError as error:
        db.session.rollback()
        raise click.ClickException(error.message) from error
    db.session.commit()
    for result in results:
        d = result.definition
        state = "新版本" if result.created else "未变化"
        click.echo(f"{d.key}\tv{d.version}\t{d.name}\t{state}")


@click.group(cls=AppGroup, help="审计记录")
def audit() -> None:
    pass


@audit.command("verify", help="校验历史记录哈希链，发现被修改或删除的记录")
def audit_verify() -> None:
    from webapp.audit import verify

    problems = verify()
    if problems:
        for line in problems:
            click.echo(line, err=True)
        raise click.ClickException(f"发现 {len(problems)} 处问题：历史记录被修改或删除。")
    click.echo("历史记录完整，未发现修改或删除。")
