"""One pass: a submission's schema errors and its process's rule errors come back together, in
page order; on a path the schema faulted (or inside it) the schema's message stands."""

from __future__ import annotations

import logging
from datetime import date

import pytest

from webapp.services import process_hooks
from webapp.taskforms import FORM_ERROR, with_rule_errors

CHECK_DIGIT = "身份证号 210102201001011239 的校验位不正确，请对照身份证逐位核对"


def test_rule_errors_join_the_schema_errors_in_page_order(review_form):
    schema = {"school_name": "请填写“名称”", "decision": "请选择“结论”"}
    rules = {"students.0.id_number": CHECK_DIGIT, FORM_ERROR: "名单仍在检查中"}
    merged = with_rule_errors(review_form, schema, rules)
    assert merged == schema | rules
    assert list(merged) == [FORM_ERROR, "decision", "students.0.id_number", "school_name"]


def test_the_schema_message_wins_on_the_same_field(review_form):
    merged = with_rule_errors(
        review_form,
        {"school_name": "“名称”至少需要 2 个字"},
        {"school_name": "名称中有“网吧”", "reason": "请写明退回理由"},
    )
    assert merged == {"reason": "请写明退回理由", "school_name": "“名称”至少需要 2 个字"}


def test_rule_errors_inside_a_faulted_row_or_table_are_left_out(review_form):
    schema = {
        "students.0": "“学生名单”第 1 行填写不正确",
        "photos": "“现场照片”最多只能上传 3 个文件",
    }
    rules = {
        "students.0.id_number": CHECK_DIGIT,
        "students.1.id_number": CHECK_DIGIT,
        "photos.0": "照片不清晰",
        "students": "至少 2 名学生",
    }
    merged = with_rule_errors(review_form, schema, rules)
    assert merged == schema | {"students.1.id_number": CHECK_DIGIT, "students": "至少 2 名学生"}


def test_no_schema_errors_leaves_the_rules_alone(review_form):
    assert with_rule_errors(review_form, {}, {"decision": "不能通过"}) == {"decision": "不能通过"}
    assert with_rule_errors(review_form, {}, {}) == {}


def test_a_rule_failing_on_refused_data_leaves_the_schema_errors(review_form, monkeypatch, caplog):
    def failing(*_args, **_kwargs):
        raise TypeError("a rule that reads a missing row")

    monkeypatch.setattr(process_hooks, "rule_errors", failing)
    schema = {"school_name": "请填写“名称”"}
    with caplog.at_level(logging.ERROR, logger=process_hooks.__name__):
        errors = process_hooks.all_errors(
            "review", "city_review", review_form, {}, schema, date(2026, 4, 1), {}
        )
    assert errors == schema
    assert "review/city_review" in caplog.text
    # On data the schema accepts, a failing rule is a bug and is not hidden.
    with pytest.raises(TypeError):
        process_hooks.all_errors("review", "city_review", review_form, {}, {}, date(2026, 4, 1), {})
