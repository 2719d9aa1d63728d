"""Importing 违法失信单位名单 files: XLSX and CSV in both encodings, all or nothing, duplicates."""

from __future__ import annotations

import io
from datetime import date

import pytest
from sqlalchemy import select

from tests.processes.internship_approval.blacklist.conftest import (
    BAD_CHECK,
    ROWS,
    TODAY,
    UNIT_A,
    UNIT_B,
    UNIT_C,
    csv_bytes,
    xlsx_bytes,
)
from webapp.extensions import db
from webapp.models import Event
from webapp.processes.internship_approval.blacklist import importing, service
from webapp.processes.internship_approval.blacklist.importing import BlacklistImportError
from webapp.processes.internship_approval.models import BlacklistedUnit


def _listed() -> dict[str, tuple]:
    rows = db.session.scalars(select(BlacklistedUnit).order_by(BlacklistedUnit.id))
    return {
        e.credit_code or e.unit_name: (e.unit_name, e.reason, e.expires_on, e.active) for e in rows
    }


def _import(data: bytes, filename: str, admin, clock):
    return service.import_file(io.BytesIO(data), filename, admin, clock)


def test_import_xlsx(admin, clock):
    rows = [
        (UNIT_A, "沈阳某某劳务派遣有限公司", "拖欠实习学生报酬", "文号", date(2025, 6, 1), None)
    ]
    result = _import(xlsx_bytes([*rows, *ROWS[1:]]), "名单.xlsx", admin, clock)
    db.session.commit()
    assert (result.created, result.updated, result.unchanged) == (3, 0, 0)
    assert "新列入 3 家" in result.summary
    listed = _listed()
    assert listed["大连某某(集团)有限公司"][2] == date(2027, 5, 31)
    assert listed[UNIT_A][:2] == ("沈阳某某劳务派遣有限公司", "拖欠实习学生报酬")
    assert set(service.blocking_entries(TODAY)) >= {UNIT_A, UNIT_B, "大连某某(集团)有限公司"}
    events = db.session.scalars(select(Event).where(Event.action == "blacklist_changed")).all()
    assert len(events) == 3


@pytest.mark.parametrize("encoding", ["gb18030", "utf-8-sig", "utf-8"])
def test_import_csv_in_either_encoding(admin, clock, encoding):
    result = _import(csv_bytes(ROWS, encoding), "名单.csv", admin, clock)
    assert result.created == 3
    assert _listed()[UNIT_B][0] == "鞍山某某电子厂"


def test_a_bad_credit_code_imports_nothing(admin, clock):
    rows = [*ROWS, (BAD_CHECK, "某某公司", "", "", "", ""), ("", "", "拖欠报酬", "", "", "")]
    with pytest.raises(BlacklistImportError) as error:
        _import(csv_bytes(rows, "gb18030"), "名单.csv", admin, clock)
    assert error.value.problems == [
        f"第 5 行：统一社会信用代码“{BAD_CHECK}”校验位不正确",
        "第 6 行：统一社会信用代码和单位名称至少填写一项",
    ]
    db.session.rollback()
    assert _listed() == {}


def test_every_bad_cell_is_named(admin, clock):
    rows = [("", "某公司", "", "", "2025-13-01", "明年")]
    with pytest.raises(BlacklistImportError) as error:
        _import(xlsx_bytes(rows), "名单.xlsx", admin, clock)
    assert error.value.problems == [
        "第 2 行：列入日期“2025-13-01”无效（应如 2026-03-01）",
        "第 2 行：有效期至“明年”无效（应如 2026-03-01）",
    ]


def test_listed_units_and_repeats_in_the_file_are_updated_not_duplicated(admin, clock):
    service.add(
        {"credit_code": UNIT_A, "unit_name": "沈阳某某有限公司", "reason": "旧原因"}, admin, clock
    )
    service.add({"unit_name": "大连某某（集团）有限公司"}, admin, clock)
    service.add(
        {"credit_code": UNIT_B, "unit_name": "鞍山某某电子厂", "reason": "违规收取押金"},
        admin,
        clock,
    )
    rows = [
        (UNIT_A.lower(), "", "拖欠实习学生报酬", "", "", ""),
        (UNIT_C, "大连某某(集团)有限公司", "", "", "", ""),
        (UNIT_B, "鞍山某某电子厂", "违规收取押金", "", "", ""),
        ("", "营口某某有限公司", "第一次", "", "", ""),
        ("", "营口某某 有限公司", "第二次", "", "", ""),
    ]
    result = _import(xlsx_bytes(rows), "名单.xlsx", admin, clock)
    assert (result.created, result.updated, result.unchanged, result.merged) == (1, 2, 1, 1)
    assert "已合并" in result.summary
    listed = _listed()
    assert len(listed) == 4
    assert listed[UNIT_A][:2] == ("沈阳某某有限公司", "拖欠实习学生报酬")  # blank name kept
    assert listed[UNIT_C][0] == "大连某某(集团)有限公司"  # the name-only entry got its code
    assert listed["营口某某 有限公司"][1] == "第二次"  # the later row wins


def test_a_removed_unit_in_a_file_is_listed_again(admin, clock):
    entry, _ = service.add({"credit_code": UNIT_A}, admin, clock)
    service.deactivate(entry.id, admin, clock, "信用修复")
    result = _import(
        csv_bytes([(UNIT_A, "沈阳某某有限公司", "", "", "", "")]), "a.csv", admin, clock
    )
    assert result.updated == 1 and entry.active


def test_codes_saved_as_numbers_in_excel(admin, clock):
    digits = UNIT_A[:2] + "0" * 15 + "0"
    with pytest.raises(BlacklistImportError) as error:
        _import(xlsx_bytes([(float(digits), "某公司", "", "", "", "")]), "名单.xlsx", admin, clock)
    assert "被 Excel 当作数字保存" in error.value.problems[0]


@pytest.mark.parametrize(
    ("data", "filename", "message"),
    [
        (b"hello", "names.txt", "只接受 .csv 或 .xlsx 文件"),
        (b"x" * (1024 * 1024 + 1), "names.csv", "文件超过 1 MB"),
        (b"not a zip", "names.xlsx", "文件不是有效的 Excel（.xlsx）文件"),
        (b"", "names.csv", "文件是空的"),
        (
            "单位名称,列入原因\n某公司,拖欠\n".encode(),
            "names.csv",
            "第 1 行：缺少“统一社会信用代码”列",
        ),
        (csv_bytes([]), "names.csv", "文件中没有数据行"),
    ],
)
def test_files_refused_whole(admin, clock, data, filename, message):
    with pytest.raises(BlacklistImportError) as error:
        _import(data, filename, admin, clock)
    assert message in error.value.problems[0]


def test_too_many_rows(admin, clock, monkeypatch):
    monkeypatch.setattr(importing, "MAX_ROWS", 20)
    rows = [("", f"公司{i}", "", "", "", "") for i in range(21)]
    with pytest.raises(BlacklistImportError) as error:
        _import(csv_bytes(rows), "names.csv", admin, clock)
    assert error.value.problems == ["数据行超过 20 行，请分批导入"]
    blank_lines_do_not_count = csv_bytes(rows[:20]) + b"\n" * 10
    assert _import(blank_lines_do_not_count, "names.csv", admin, clock).created == 20
