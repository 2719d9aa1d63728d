"""Importing the catalogue: checked rows, all or nothing, versions kept apart."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from webapp.extensions import db
from webapp.majors.importing import CatalogueImportError, read_table
from webapp.majors.models import CatalogueMajor
from webapp.majors.service import import_file, import_rows

from .helpers import HEADER, ROWS, csv_bytes


def _import(clock, *rows, version="2021", encoding="utf-8"):
    data = csv_bytes(*rows, encoding=encoding)
    return import_rows(read_table(data, "目录.csv"), version, None, clock)


def _count() -> int:
    return db.session.scalar(select(func.count()).select_from(CatalogueMajor))


def test_a_file_is_imported_with_its_groups_flags_and_dates(app, clock):
    with app.app_context():
        result = _import(clock, *ROWS)
        assert (result.created, result.updated, result.unchanged) == (5, 0, 0)
        row = db.session.scalar(select(CatalogueMajor).where(CatalogueMajor.code == "610101"))
        assert (row.category_code, row.category_name) == ("61", "农林牧渔大类")
        assert (row.class_code, row.class_name, row.agricultural) == ("6101", "农业类", True)
        nursing = db.session.scalar(select(CatalogueMajor).where(CatalogueMajor.code == "720201"))
        assert nursing.state_controlled and nursing.version == "2021"
        first = db.session.scalar(select(CatalogueMajor).where(CatalogueMajor.code == "660101"))
        assert first.valid_from.isoformat() == "2021-09-01" and first.valid_to is None


def test_a_gb18030_file_is_read(app, clock):
    with app.app_context():
        assert _import(clock, *ROWS, encoding="gb18030").created == 5


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (
            "66010,短代码,装备制造大类,机械设计制造类,,,,,,",
            "第 3 行，专业代码：“66010”应为 6 位数字",
        ),
        ("510101,高职代码,装备制造大类,机械设计制造类,,,,,,", "不是中职专业代码"),
        (
            "660103,不符,装备制造大类,机械设计制造类,67,,,,,",
            "第 3 行，专业大类代码：“67”与专业代码前 2 位“66”不一致",
        ),
        (
            "660103,不符,装备制造大类,机械设计制造类,,6602,,,,",
            "专业类代码：“6602”与专业代码前 4 位“6601”不一致",
        ),
        (
            "660101,重复,装备制造大类,机械设计制造类,,,,,,",
            "第 3 行，专业代码：“660101”与第 2 行重复",
        ),
        ("660103,旗标,装备制造大类,机械设计制造类,,,也许,,,", "第 3 行，涉农：“也许”无法识别"),
        (
            "660103,日期,装备制造大类,机械设计制造类,,,,,2021-13-01,",
            "有效期起：“2021-13-01”不是有效日期",
        ),
        (
            "660103,倒置,装备制造大类,机械设计制造类,,,,,2022-01-01,2021-01-01",
            "有效期止：不能早于有效期起",
        ),
        ("660103,,装备制造大类,机械设计制造类,,,,,,", "第 3 行，专业名称：不能为空"),
        ("660103,改名,装备大类,机械设计制造类,,,,,,", "代码 66 在第 2 行名为“装备制造大类”"),
    ],
)
def test_a_bad_row_is_named_and_nothing_is_written(app, clock, row, message):
    with app.app_context():
        with pytest.raises(CatalogueImportError) as refused:
            _import(clock, ROWS[0], row)
        db.session.rollback()
        assert any(message in problem for problem in refused.value.problems), refused.value.problems
        assert _count() == 0


def test_every_bad_row_is_listed_at_once(app, clock):
    with app.app_context():
        with pytest.raises(CatalogueImportError) as refused:
            _import(
                clock,
                "12,甲,装备制造大类,机械设计制造类",
                "660199,乙,装备制造大类,机械设计制造类,,,x",
            )
        assert [p[:6] for p in refused.value.problems] == ["第 2 行，", "第 3 行，"]


def test_missing_columns_and_bad_versions_are_refused(app, clock):
    with app.app_context():
        with pytest.raises(CatalogueImportError, match="缺少“专业类”列"):
            read_table(
                csv_bytes("660101,甲,装备制造大类", header="专业代码,专业名称,专业大类"), "a.csv"
            )
        with pytest.raises(CatalogueImportError, match="目录版本"):
            _import(clock, *ROWS, version="新版")


def test_reimporting_a_version_changes_only_what_changed(app, clock):
    with app.app_context():
        _import(clock, *ROWS)
        again = _import(clock, *ROWS)
        assert (again.created, again.updated, again.unchanged) == (0, 0, 5)
        renamed = [ROWS[0].replace("机械制造样例", "机械制造新名"), *ROWS[1:]]
        third = _import(clock, *renamed)
        assert (third.created, third.updated, third.unchanged) == (0, 1, 4)
        assert _count() == 5


def test_a_later_version_adds_rows_and_leaves_the_earlier_ones(app, clock):
    with app.app_context():
        _import(clock, *ROWS)
        db.session.commit()
        added = "660199,增补样例,装备制造大类,机械设计制造类,,,,,2025-09-01,"
        changed = ROWS[0].replace("机械制造样例", "机械制造改名")
        result = _import(clock, added, changed, version="2025增补")
        assert result.created == 2
        query = select(CatalogueMajor.version, CatalogueMajor.name)
        versions = {
            v: n for v, n in db.session.execute(query.where(CatalogueMajor.code == "660101"))
        }
        assert versions == {"2021": "机械制造样例", "2025增补": "机械制造改名"}
        assert _count() == 7


def test_an_xlsx_file_with_numeric_codes_is_imported(app, clock):
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER.split(","))
    sheet.append([660101, "机械制造样例", "装备制造大类", "机械设计制造类", 66, 6601, "否", "是"])
    stream = io.BytesIO()
    book.save(stream)
    stream.seek(0)
    with app.app_context():
        result = import_file(stream, "目录.xlsx", "2021", None, clock)
        assert result.created == 1
        assert db.session.scalar(select(CatalogueMajor.state_controlled))
