"""`flask calendar import` and `flask calendar show`."""

from __future__ import annotations

from tests.workdays.conftest import ROWS_2027, csv_bytes, xlsx_bytes


def _run(app, *args):
    return app.test_cli_runner().invoke(args=["calendar", *args])


def test_import_then_show_a_year_entered_by_hand(app, tmp_path):
    path = tmp_path / "2027.xlsx"
    path.write_bytes(xlsx_bytes(ROWS_2027))
    result = _run(app, "import", str(path), "--complete-year", "2027")
    assert result.exit_code == 0, result.output
    assert "新增 3 行" in result.output and "已标记 2027 年日历完整录入" in result.output
    shown = _run(app, "show", "2027").output
    assert "管理员录入（已标记完整录入" in shown
    assert "2027-02-08 周一 休 春节（管理员调整）" in shown
    assert "2027-02-20 周六 班 调休上班（管理员调整）" in shown
    assert app.test_cli_runner().invoke(args=["audit", "verify"]).exit_code == 0


def test_a_bad_file_is_refused_with_each_problem(app, tmp_path):
    path = tmp_path / "2027.csv"
    path.write_bytes(csv_bytes([*ROWS_2027, ("2027-13-01", "休", "")], "gb18030"))
    result = _run(app, "import", str(path))
    assert result.exit_code != 0
    assert "第 5 行：日期“2027-13-01”无效" in result.output
    assert "未导入任何数据" in result.output
    assert "放假日（0 天）" in _run(app, "show", "2027").output


def test_show_a_package_year_and_a_year_without_data(app):
    shown = _run(app, "show", "2025").output
    assert "chinesecalendar 软件包数据" in shown
    assert "2025-10-06 周一 休 中秋（软件包）" in shown
    assert "2025-10-11 周六 班 国庆节（软件包）" in shown
    missing = _run(app, "show", "2035").output
    assert "无完整数据" in missing and "暂定" in missing
    assert "全年工作日：261 天" in missing
