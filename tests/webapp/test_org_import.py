"""`flask orgs import`: the province, its cities and their schools from .csv or .xlsx; every row
checked before anything is written, per-row Chinese problems, and the same file twice changes
nothing. Without a file, the shipped province and 14 cities (a first installation)."""

from __future__ import annotations

from sqlalchemy import func, select

from tests.helpers import csv_file, xlsx_file
from webapp.extensions import db
from webapp.models import Event, Organisation

HEADER = ["代码", "类型", "名称", "上级代码"]


def _run(app, *args):
    return app.test_cli_runner().invoke(args=["orgs", "import", *args])


def _orgs(app) -> dict[str, tuple[str, str, str | None]]:
    with app.app_context():
        rows = db.session.scalars(select(Organisation)).all()
        return {o.code: (o.kind, o.name, o.parent.code if o.parent else None) for o in rows}


def _write(tmp_path, name: str, body: bytes):
    path = tmp_path / name
    path.write_bytes(body)
    return str(path)


def test_the_default_file_is_the_province_and_its_14_cities_and_runs_twice(app):
    first = _run(app)
    assert first.exit_code == 0, first.output
    assert "新增 15 个" in first.output
    orgs = _orgs(app)
    assert orgs["210000"] == ("province", "辽宁省", None)
    assert orgs["211400"] == ("city", "葫芦岛市", "210000")
    assert sum(kind == "city" for kind, _n, _p in orgs.values()) == 14
    again = _run(app)
    assert again.exit_code == 0 and "新增 0 个，更新 0 个，15 个已存在且无变化" in again.output
    with app.app_context():
        created = select(func.count()).where(Event.action == "organisation_created")
        assert db.session.scalar(created) == 15


def test_schools_from_excel_under_their_cities_and_a_renamed_one_is_updated(app, tmp_path):
    _run(app)
    rows = [
        ["21010001", "学校", "沈阳市装备制造工程学校", "210100"],
        [21020001, "school", "大连市轻工业学校", 210200],  # numbers typed as numbers
    ]
    assert _run(app, _write(tmp_path, "学校.xlsx", xlsx_file(HEADER, rows))).exit_code == 0
    assert _orgs(app)["21020001"] == ("school", "大连市轻工业学校", "210200")
    rows[1][2] = "大连轻工业学校"
    renamed = _run(app, _write(tmp_path, "学校2.xlsx", xlsx_file(HEADER, rows)))
    assert "新增 0 个，更新 1 个，1 个已存在且无变化" in renamed.output
    assert _orgs(app)["21020001"][1] == "大连轻工业学校"


def test_a_wrong_row_writes_nothing_and_every_problem_is_named(app, tmp_path):
    _run(app)
    rows = [
        ["21010009", "学校", "沈阳市新学校", "210100"],  # good, but not written
        ["21019998", "学校", "沈阳市另一学校", "219999"],
        ["21019997", "高中", "沈阳某高中", "210100"],
        ["X", "学校", "", "210100"],
        ["21019996", "学校", "挂在省下的学校", "210000"],
        ["210100", "学校", "沈阳市", "210100"],
        ["21010009", "学校", "重复", "210100"],
    ]
    result = _run(app, _write(tmp_path, "学校.csv", csv_file(HEADER, rows)))
    assert result.exit_code != 0
    out = result.output
    assert "机构导入失败，未导入任何数据" in out
    assert "第 4 行：类型“高中”应为 省、市 或 学校" in out
    assert "第 5 行：代码“X”应为 4–32 位字母或数字" in out and "第 5 行：名称不能为空" in out
    assert "21010009" not in _orgs(app)
    fixed = rows[:2] + rows[4:6]
    second = _run(app, _write(tmp_path, "学校2.csv", csv_file(HEADER, fixed)))
    assert "第 3 行：上级代码 219999 不在文件中，也不在系统中" in second.output
    assert "第 4 行：学校的上级应为市，210000 是省" in second.output
    assert "第 5 行：代码 210100 已是市，不能改为学校" in second.output
    assert "21010009" not in _orgs(app)


def test_a_file_that_is_not_a_table_is_refused_in_chinese(app, tmp_path):
    result = _run(app, _write(tmp_path, "机构.txt", b"hello"))
    assert result.exit_code != 0 and "只接受 .csv 或 .xlsx 文件" in result.output
    headless = _run(app, _write(tmp_path, "机构.csv", "名称\n辽宁省\n".encode()))
    assert "缺少“代码”、“类型”列" in headless.output


def test_a_school_with_cases_does_not_move_to_another_city(deployed, api, tmp_path):
    school = api("school")
    assert (
        school.post("/api/v1/processes/school_report/instances", json={"data": {}}).status_code
        == 201
    )
    moved = [["21010001", "学校", "沈阳市装备制造工程学校", "210200"]]
    result = _run(deployed, _write(tmp_path, "学校.csv", csv_file(HEADER, moved)))
    assert result.exit_code != 0
    assert "第 2 行：学校 21010001 已有事项，不能从 210100 改到 210200" in result.output
    assert _orgs(deployed)["21010001"][2] == "210100"
    idle = [["21010002", "学校", "沈阳市旅游学校", "210200"]]  # no cases yet: it may move
    assert _run(deployed, _write(tmp_path, "学校2.csv", csv_file(HEADER, idle))).exit_code == 0
    assert _orgs(deployed)["21010002"][2] == "210200"
