"""`flask demo` builds a living demo once: organisations, users, processes and cases."""

from __future__ import annotations

from sqlalchemy import func, select

from scheduler.sweep import sweep
from tests.helpers import inbox
from webapp.extensions import db
from webapp.models import Organisation, ProcessInstance, User


def test_demo_is_idempotent_and_leaves_work_in_the_inboxes(app, clock, api):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["demo"])
    assert first.exit_code == 0, first.output
    assert "Demo@2026" in first.output and "已创建 31 个演示事项" in first.output
    second = runner.invoke(args=["demo"])
    assert second.exit_code == 0 and "演示事项" not in second.output
    with app.app_context():
        count = lambda model: db.session.scalar(select(func.count()).select_from(model))  # noqa: E731
        assert (count(Organisation), count(User), count(ProcessInstance)) == (7, 11, 31)
    assert sorted(i["name"] for i in inbox(api("city"))) == [
        "市教育局初审",
        "市教育局审核备案",
        "市教育局核准学籍异动：演示学生103",
        "市级初审",
    ]
    # 学籍异动: a transfer from school waits for the receiving school (school2) to confirm.
    assert "转入学校确认：演示学生100" in [i["name"] for i in inbox(api("school2"))]
    # 专业设置: an invitation waits for the expert; the province has a filing to decide.
    assert [i["name"] for i in inbox(api("expert"))] == ["专家评分"]
    assert "省教育厅审批/备案" in [i["name"] for i in inbox(api("province"))]
    sweep(app, clock)  # the batch enrolled 40 days ago is past its registration deadline
    assert [i["name"] for i in inbox(api("supervisor"))] == ["督办：学籍注册逾期"]


def test_demo_on_an_empty_database_migrates_it_first(app):
    from sqlalchemy import text

    with app.app_context():
        db.drop_all()
        db.session.execute(text("DROP TABLE IF EXISTS alembic_version"))
        db.session.commit()
    answer = app.test_cli_runner().invoke(args=["demo"])
    assert answer.exit_code == 0, answer.output
    assert "先执行数据库迁移" in answer.output and "已创建 31 个演示事项" in answer.output
    with app.app_context():
        db.session.execute(text("DROP TABLE alembic_version"))  # the next test starts afresh
        db.session.commit()
