"""`flask majors import` and the demo's catalogue."""

from __future__ import annotations

from sqlalchemy import func, select

from webapp.extensions import db
from webapp.majors.demo import load_catalogue
from webapp.majors.models import CatalogueMajor

from .helpers import ROWS, csv_bytes


def _count(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(CatalogueMajor))


def test_the_command_imports_a_version_and_again_changes_nothing(app, tmp_path):
    path = tmp_path / "目录.csv"
    path.write_bytes(csv_bytes(*ROWS))
    runner = app.test_cli_runner()
    result = runner.invoke(args=["majors", "import", str(path), "--version", "2021"])
    assert result.exit_code == 0, result.output
    assert "新增 5 个" in result.output
    result = runner.invoke(args=["majors", "import", str(path)])
    assert "未变化 5 个" in result.output
    assert _count(app) == 5


def test_the_command_names_each_bad_row_and_writes_nothing(app, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_bytes(csv_bytes(ROWS[0], "7402X1,坏,旅游大类,餐饮类"))
    result = app.test_cli_runner().invoke(args=["majors", "import", str(path)])
    assert result.exit_code != 0
    assert "第 3 行，专业代码" in result.output and "未导入任何数据" in result.output
    assert _count(app) == 0


def test_the_demo_loads_every_shipped_catalogue_once(app, clock, tmp_path):
    (tmp_path / "catalogue-2021.csv").write_bytes(csv_bytes(*ROWS))
    (tmp_path / "catalogue-2025增补.csv").write_bytes(
        csv_bytes("660199,增补样例,装备制造大类,机械设计制造类")
    )
    with app.app_context():
        assert load_catalogue(clock, tmp_path) == 2
        assert load_catalogue(clock, tmp_path) == 2
        db.session.commit()
    assert _count(app) == 6


def test_the_demo_gives_schools_the_catalogue_majors_it_names(demo, clock, tmp_path):
    from webapp.majors.demo import load_school_majors
    from webapp.majors.models import SchoolMajor, SchoolMajorChange

    (tmp_path / "catalogue-2021.csv").write_bytes(csv_bytes(*ROWS))
    listing = tmp_path / "schools.csv"
    listing.write_text(
        "# 演示\n学校代码,专业名称,方向,学制,首次招生年份,状态,各年级人数,就业率\n"
        '21010001,数控样例,数控车铣,3,2008,enrolling,"{""2025"": 40}","{""2024"": 95.5}"\n'
        "21010001,目录里没有的专业,,3,2008,enrolling,{},{}\n",
        encoding="utf-8",
    )
    with demo.app_context():
        load_catalogue(clock, tmp_path)
        assert load_school_majors(clock, listing) == 1
        assert load_school_majors(clock, listing) == 0
        major = db.session.scalar(select(SchoolMajor))
        assert (major.code, major.direction, major.enrollment) == (
            "660102",
            "数控车铣",
            {"2025": 40},
        )
        assert db.session.scalar(select(func.count()).select_from(SchoolMajorChange)) == 1
