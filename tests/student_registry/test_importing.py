"""Importing a 学籍 export: all or nothing, replacing only the file's schools and stages."""

from __future__ import annotations

from datetime import date

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from webapp.extensions import db
from webapp.models import Event
from webapp.student_registry.importing import RegistryImportRefused, check_row
from webapp.student_registry.models import RegistryStudent
from webapp.student_registry.service import import_registry
from webapp.student_registry.staging import RegistryStaging, write_batch

from .helpers import HEADER, id_number, row, write_csv

AS_OF = date(2026, 3, 1)


def _count(model=RegistryStudent, **where) -> int:
    query = select(func.count()).select_from(model).filter_by(**where)
    return db.session.scalar(query)


def _import(path, clock, **kw):
    return import_registry(path, path.name, AS_OF, clock, **kw)


def test_a_clean_csv_is_imported_with_an_audit_event(app, clock, tmp_path):
    rows = [row(i) for i in range(5)] + [row(9, stage="普通高中", 专业代码="")]
    path = write_csv(tmp_path / "学籍.csv", rows, encoding="utf-8-sig")
    with app.app_context():
        result = _import(path, clock)
        assert (result.rows, result.pairs, result.deleted, result.inserted) == (6, 2, 0, 6)
        first = db.session.scalar(select(RegistryStudent).order_by(RegistryStudent.id))
        assert (first.student_no, first.id_number, first.stage) == (
            "G000000000000",
            id_number(0),
            "中职",
        )
        assert (first.full_time, first.grade, first.major_code, first.as_of) == (
            True,
            1,
            "660101",
            AS_OF,
        )
        assert _count(RegistryStaging) == 0
        event = db.session.scalar(select(Event).where(Event.action == "registry_imported"))
        assert event.after["inserted"] == 6
        assert "已导入学籍 6 条" in result.summary


def test_a_gb18030_csv_and_an_xlsx_file_are_read(app, clock, tmp_path):
    write_csv(tmp_path / "gb.csv", [row(1)], encoding="gb18030")
    book = Workbook()
    sheet = book.active
    sheet.append([*HEADER.split(","), "备注"])
    for serial in (2, 3):
        values = row(serial).split(",")
        values[8] = int(values[8])  # Excel keeps 年级 as a number
        sheet.append([*values, "多余的列"])
    book.save(tmp_path / "学籍.xlsx")
    with app.app_context():
        assert _import(tmp_path / "gb.csv", clock).inserted == 1
        assert _import(tmp_path / "学籍.xlsx", clock).inserted == 2
        assert _count() == 2  # the same school and stage: the second file replaced the first
        assert db.session.scalar(select(RegistryStudent.name).limit(1)) == "学生2"


def test_bad_rows_are_refused_by_line_and_column_and_nothing_is_written(app, clock, tmp_path):
    good = write_csv(tmp_path / "good.csv", [row(i) for i in range(3)])
    bad_id = id_number(5)[:17] + ("0" if id_number(5)[17] != "0" else "1")
    rows = [row(10), row(11, 身份证号=bad_id), row(12, 学段="幼儿园"), row(13, 年级="4")]
    bad = write_csv(tmp_path / "bad.csv", [*rows, *(row(20 + i) for i in range(20))])
    with app.app_context():
        _import(good, clock)
        with pytest.raises(RegistryImportRefused) as refused:
            _import(bad, clock, batch_size=5)
        problems = refused.value.problems
        assert problems[0].startswith("第 3 行，身份证号：") and "校验位不正确" in problems[0]
        assert problems[1].startswith("第 4 行，学段：“幼儿园”不是有效值")
        assert problems[2] == "第 5 行，年级：“4”无效，应为 1、2 或 3"
        assert refused.value.total == 3 and "共 3 处问题" in refused.value.heading
        assert _count() == 3 and _count(RegistryStaging) == 0


def test_a_missing_header_is_named(app, clock, tmp_path):
    header = HEADER.replace(",学籍状态", "")
    path = write_csv(tmp_path / "h.csv", ["x"], header=header)
    with app.app_context(), pytest.raises(RegistryImportRefused) as refused:
        _import(path, clock)
    assert "缺少“学籍状态”列" in refused.value.problems[0]


def test_only_the_first_problems_are_kept_but_all_are_counted(app, clock, tmp_path):
    path = write_csv(tmp_path / "bad.csv", [row(i, 年级="9") for i in range(250)])
    with app.app_context(), pytest.raises(RegistryImportRefused) as refused:
        _import(path, clock)
    assert (len(refused.value.problems), refused.value.total) == (200, 250)


def test_grades_may_be_empty_only_where_the_stage_has_none(app):
    def problems(**changes):
        values = dict(zip(HEADER.split(","), row(1, **changes).split(","), strict=True))
        return check_row(7, values)[1]

    assert problems(学段="普通高等学校", 年级="", 专业代码="") == []
    assert problems(学段="义务教育", 年级="", 专业代码="") == []
    assert problems(年级="") == ["第 7 行，年级：中职的年级不能为空，应为 1–3"]
    assert problems(专业代码="") == ["第 7 行，专业代码：中职学籍的专业代码不能为空"]
    assert problems(是否正式学籍="不详") == [
        "第 7 行，是否正式学籍：“不详”无法识别，请填“是”或“否”"
    ]


def test_repeats_inside_the_file_are_refused(app, clock, tmp_path):
    rows = [row(1), row(2, 学籍号="G000000000001"), row(3, 身份证号=id_number(1))]
    rows.append(
        row(4, stage="普通高中", 身份证号=id_number(1), 专业代码="")
    )  # another stage: allowed
    path = write_csv(tmp_path / "dup.csv", rows)
    with app.app_context():
        with pytest.raises(RegistryImportRefused) as refused:
            _import(path, clock)
        assert refused.value.problems == [
            "学籍号“G000000000001”在文件中重复：第 2、3 行",
            f"身份证号“{id_number(1)}”在文件中重复（学段 中职）：第 2、4 行",
        ]
        assert _count() == 0 and _count(RegistryStaging) == 0


def test_a_reimport_replaces_only_the_schools_and_stages_in_the_file(app, clock, tmp_path):
    first = [row(i, school="A") for i in range(4)] + [row(10 + i, school="B") for i in range(3)]
    first.append(row(20, school="A", stage="普通高中", 专业代码=""))
    again = [row(30 + i, school="A") for i in range(2)]
    with app.app_context():
        _import(write_csv(tmp_path / "1.csv", first), clock)
        result = _import(write_csv(tmp_path / "2.csv", again), clock)
        assert (result.pairs, result.deleted, result.inserted) == (1, 4, 2)
        assert _count(school_code="A", stage="中职") == 2
        assert _count(school_code="A", stage="普通高中") == 1
        assert _count(school_code="B") == 3


def test_a_killed_import_leaves_the_registry_alone_and_is_cleaned_up_next_time(
    app, clock, tmp_path
):
    path = write_csv(tmp_path / "1.csv", [row(i) for i in range(3)])
    with app.app_context():
        _import(path, clock)
        # killed after staging a batch: its rows stay in staging, the registry is untouched
        registration, _ = check_row(
            2, dict(zip(HEADER.split(","), row(99).split(","), strict=True))
        )
        write_batch("deadbeef", [registration])
        db.session.commit()
        assert _count() == 3 and _count(RegistryStaging) == 1

        def killed(done, total=None, message=""):
            raise KeyboardInterrupt

        with pytest.raises(KeyboardInterrupt):
            _import(write_csv(tmp_path / "2.csv", [row(i) for i in range(40, 52)]), clock,
                    progress=killed, batch_size=5)  # fmt: skip
        assert _count() == 3 and _count(RegistryStaging) == 0
        assert _import(path, clock).inserted == 3


def test_progress_is_reported_after_each_batch(app, clock, tmp_path):
    path = write_csv(tmp_path / "p.csv", [row(i) for i in range(12)])
    calls = []
    with app.app_context():
        _import(path, clock, progress=lambda *args: calls.append(args), batch_size=5)
    done = [call[0] for call in calls]
    assert done[:3] == [5, 10, 12] and done == sorted(done)
    assert calls[-1] == (12, 12, "导入完成")
