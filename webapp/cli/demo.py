"""Demo data: 辽宁省, two cities, four schools, one user per role, and every workflow deployed."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import inspect, select

from webapp.clock import current_clock
from webapp.extensions import db
from webapp.models import Organisation, User

PROVINCE = ("210000", "辽宁省")
CITIES = [("210100", "沈阳市"), ("210200", "大连市")]
SCHOOLS = [
    ("21010001", "沈阳市装备制造工程学校", "210100"),
    ("21010002", "沈阳市旅游学校", "210100"),
    ("21020001", "大连市轻工业学校", "210200"),
    ("21020002", "大连电子学校", "210200"),
]
# Demo accounts only (listed in the README); real deployments create users with `users create`.
DEMO_PASSWORD = "Demo@2026"  # noqa: S105
USERS = [
    ("school", "school_staff", "21010001", "沈阳装备制造工程学校 教务处"),
    ("school2", "school_staff", "21020001", "大连轻工业学校 教务处"),
    ("city", "city_official", "210100", "沈阳市教育局 职成科"),
    ("city2", "city_official", "210200", "大连市教育局 职成科"),
    ("province", "provincial_official", "210000", "省教育厅 职成处"),
    ("supervisor", "supervisor", "210000", "省政府教育督导室"),
    ("expert", "expert", None, "评审专家 王老师"),
    ("expert2", "expert", None, "评审专家 李老师"),
    ("expert3", "expert", None, "评审专家 张老师"),
    ("expert4", "expert", None, "评审专家 刘老师"),
    ("admin", "admin", "210000", "系统管理员"),
]


def _org(code: str, kind: str, name: str, parent: Organisation | None) -> Organisation:
    org = db.session.scalar(select(Organisation).where(Organisation.code == code))
    if org is None:
        org = Organisation(code=code, kind=kind, name=name, parent=parent)
        db.session.add(org)
        db.session.flush()
    return org


def load_organisations() -> None:
    province = _org(PROVINCE[0], "province", PROVINCE[1], None)
    cities = {code: _org(code, "city", name, province) for code, name in CITIES}
    for code, name, city in SCHOOLS:
        _org(code, "school", name, cities[city])


def load_users(clock, hash_method: str = "scrypt") -> list[tuple[str, str]]:
    from webapp.services.auth import create_user

    created = []
    for username, role, org, name in USERS:
        if db.session.scalar(select(User).where(User.username == username)) is None:
            create_user(username, DEMO_PASSWORD, role, org, clock, name, hash_method)
            created.append((username, role))
    return created


@click.command("demo", help="载入演示数据（可重复执行）并部署 workflows/ 下的流程")
@with_appcontext
def demo_command() -> None:
    from webapp.services.deploy import deploy, workflow_files

    if not inspect(db.engine).has_table("organisation"):
        click.echo("数据库还没有表结构，先执行数据库迁移（flask db upgrade）……")
        from flask_migrate import upgrade

        upgrade()
    clock = current_clock()
    load_organisations()
    load_users(clock, current_app.config["PASSWORD_HASH_METHOD"])
    from webapp.majors.demo import load_catalogue, load_school_majors

    load_catalogue(clock)
    load_school_majors(clock)
    files = workflow_files(current_app.config["WORKFLOWS_DIR"])
    results = deploy(files, current_app.config["FORMS_DIR"], clock) if files else []
    db.session.commit()
    from webapp.cli.demo_cases import load_demo_cases

    started = load_demo_cases(clock, current_app.config["FORMS_DIR"])
    db.session.commit()
    click.echo(f"演示账号（密码均为 {DEMO_PASSWORD}）：")
    for username, role, _org_code, name in USERS:
        click.echo(f"  {username:<11} {role:<20} {name}")
    for result in results:
        click.echo(f"已部署流程 {result.definition.key} v{result.definition.version}")
    if started:
        click.echo(f"已创建 {started} 个演示事项（待办、逾期的学籍注册等），督办页可见。")
