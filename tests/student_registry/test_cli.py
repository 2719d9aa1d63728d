"""`flask registry import` and `flask registry stats`, and the admin page's queries."""

from __future__ import annotations

from sqlalchemy import func, select

from webapp.extensions import db
from webapp.student_registry.cli import registry_cli
from webapp.student_registry.models import RegistryStudent
from webapp.student_registry.queries import counts_by_school, counts_by_stage

from .helpers import row, write_csv


def test_the_command_imports_prints_a_summary_and_stats(app, tmp_path):
    rows = [row(i, school="A") for i in range(3)] + [row(9, school="B", 学籍状态="休学")]
    path = write_csv(tmp_path / "学籍.csv", rows)
    runner = app.test_cli_runner()
    result = runner.invoke(registry_cli, ["import", str(path), "--as-of", "2026-02-01"])
    assert result.exit_code == 0, result.output
    assert "已导入学籍 4 条" in result.output and "导入完成" in result.output
    result = runner.invoke(registry_cli, ["stats"])
    assert "中职：4 条（在籍在校 3，休学 1）" in result.output
    with app.app_context():
        assert str(db.session.scalar(select(func.max(RegistryStudent.as_of)))) == "2026-02-01"
        assert counts_by_stage()[0].by_status["休学"] == 1
        top = counts_by_school(1)
        assert [(s.school_code, s.total, s.studying, s.stages) for s in top] == [("A", 3, 3, 1)]


def test_the_command_prints_the_problems_and_fails_when_refused(app, tmp_path):
    path = write_csv(tmp_path / "bad.csv", [row(1, 学籍状态="在读")])
    result = app.test_cli_runner().invoke(registry_cli, ["import", str(path)])
    assert result.exit_code == 1
    assert "第 2 行，学籍状态：“在读”不是有效值" in result.output
    assert "学籍导入失败，未导入任何数据（共 1 处问题）" in result.output
