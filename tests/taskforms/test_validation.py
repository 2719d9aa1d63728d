"""validate: one Chinese message per field path, for every keyword the forms use."""

from __future__ import annotations

import pytest

from webapp.taskforms import FormDef, validate

VALID = {
    "decision": "approve",
    "school_name": "沈阳市职业学校",
    "students": [{"name": "张三", "id_number": "21010220100101123X"}],
    "evidence": {"attachment_id": 1, "filename": "a.pdf"},
}


def errors_for(form, **changes):
    data = {**VALID, **changes}
    return validate(form, {k: v for k, v in data.items() if v is not None})


def test_valid_data_has_no_errors(review_form):
    assert validate(review_form, VALID) == {}


def test_required_fields_name_the_label(review_form):
    errors = validate(review_form, {})
    assert errors == {
        "decision": "请选择“结论”",
        "students": "“学生名单”至少需要 1 行",
        "evidence": "请上传“佐证材料”",
        "school_name": "请填写“名称”",
    }


def test_errors_come_in_page_order(review_form):
    assert list(validate(review_form, {})) == ["decision", "students", "evidence", "school_name"]


def test_if_then_requires_reason_only_when_returning(review_form):
    assert errors_for(review_form, decision="return") == {"reason": "请填写“退回理由”"}
    assert errors_for(review_form, decision="approve") == {}


def test_if_then_constraint_lands_on_its_field(review_form):
    assert errors_for(review_form, decision="return", reason="不行") == {
        "reason": "“退回理由”至少需要 5 个字"
    }


@pytest.mark.parametrize(
    ("change", "path", "message"),
    [
        ({"enrolled": "12x"}, "enrolled", "“在校生人数”必须是整数"),
        ({"enrolled": 1.5}, "enrolled", "“在校生人数”必须是整数"),
        ({"ratio": "abc"}, "ratio", "“生师比”必须是数字"),
        ({"enrolled": -1}, "enrolled", "“在校生人数”不能小于 0"),
        ({"enrolled": 100001}, "enrolled", "“在校生人数”不能大于 100000"),
        ({"ratio": 0}, "ratio", "“生师比”必须大于 0"),
        ({"ratio": 50.0}, "ratio", "“生师比”必须小于 50"),
        ({"school_name": "校"}, "school_name", "“名称”至少需要 2 个字"),
        ({"school_name": "校" * 101}, "school_name", "“名称”不能超过 100 个字"),
        ({"start_date": "2026-02-30"}, "start_date", "“开始日期”格式应为 2026-03-15"),
        ({"start_date": "20260315"}, "start_date", "“开始日期”格式应为 2026-03-15"),
        ({"level": "Z"}, "level", "请从列表中选择“办学层次”"),
        ({"decision": "maybe"}, "decision", "请从列表中选择“结论”"),
        ({"promise": False}, "promise", "请勾选“已核实材料真实”"),
        ({"school_name": 12}, "school_name", "“名称”必须是文字"),
        ({"photos": [{"attachment_id": i, "filename": "p.jpg"} for i in range(4)]},
         "photos", "“现场照片”最多只能上传 3 个文件"),
    ],
)  # fmt: skip
def test_keyword_messages(review_form, change, path, message):
    assert errors_for(review_form, **change) == {path: message}


def test_pattern_uses_ui_pattern_message(review_form):
    assert errors_for(review_form, postcode="11000") == {"postcode": "“邮政编码”应为 6 位数字"}


def test_pattern_without_ui_message(review_form):
    errors = errors_for(review_form, students=[{"name": "甲", "id_number": "123"}])
    assert errors == {"students.0.id_number": "“学生名单”第 1 行的“身份证号”的格式不正确"}


def test_table_cell_errors_name_row_and_column(review_form):
    rows = [
        {"name": "甲", "id_number": "21010220100101123X"},
        {"name": "乙", "count": -2, "grade": 9},
    ]
    assert errors_for(review_form, students=rows) == {
        "students.1.id_number": "请填写“学生名单”第 2 行的“身份证号”",
        "students.1.grade": "请从列表中选择“学生名单”第 2 行的“年级”",
        "students.1.count": "“学生名单”第 2 行的“人数”不能小于 0",
    }


def test_table_cell_bad_number_and_date(review_form):
    rows = [{"name": "甲", "id_number": "21010220100101123X", "count": "x1", "born": "2010-13-01"}]
    assert errors_for(review_form, students=rows) == {
        "students.0.born": "“学生名单”第 1 行的“出生日期”格式应为 2026-03-15",
        "students.0.count": "“学生名单”第 1 行的“人数”必须是整数",
    }


def test_min_and_max_items(review_form):
    assert errors_for(review_form, students=[]) == {"students": "“学生名单”至少需要 1 行"}
    row = {"name": "甲", "id_number": "21010220100101123X"}
    assert errors_for(review_form, students=[row] * 6) == {"students": "“学生名单”不能超过 5 行"}


def test_wrong_file_value_asks_for_a_new_upload(review_form):
    assert errors_for(review_form, evidence="a.pdf") == {"evidence": "请重新上传“佐证材料”"}


def small_form(prop: dict, hint: dict | None = None, **schema) -> FormDef:
    return FormDef(
        process_key="p",
        task_id="t",
        title="表",
        description="",
        schema={"type": "object", "properties": {"x": {"title": "数量", **prop}}, **schema},
        ui={"fields": {"x": hint}} if hint else {},
    )


def test_error_inside_a_file_value_lands_on_the_field():
    attachment = {"type": "object", "properties": {"attachment_id": {"type": "integer"}}}
    form = small_form(attachment, {"widget": "file"})
    assert validate(form, {"x": {"attachment_id": "1"}}) == {"x": "请重新上传“数量”"}


def test_ui_messages_override_any_keyword():
    form = small_form(
        {"type": "integer", "minimum": 1}, {"messages": {"minimum": "至少要有 1 人参加"}}
    )
    assert validate(form, {"x": 0}) == {"x": "至少要有 1 人参加"}


def test_multiple_of_and_generic_fallback():
    assert validate(small_form({"type": "integer", "multipleOf": 5}), {"x": 7}) == {
        "x": "“数量”必须是 5 的倍数"
    }
    assert validate(small_form({"type": "integer", "not": {"const": 3}}), {"x": 3}) == {
        "x": "“数量”填写不正确"
    }


def test_unknown_property_is_named():
    form = small_form({"type": "integer"}, additionalProperties=False)
    assert validate(form, {"x": 1, "y": 2}) == {"y": "表单中没有该字段，不能提交"}
    assert validate(small_form({"type": "integer"}), {"x": 1, "y": 2}) == {
        "y": "表单中没有该字段，不能提交"
    }
