"""Camunda Modeler's form fields translated to our form definition, validated in Chinese."""

from __future__ import annotations

import pytest

from webapp.taskforms import CamundaFormError, camunda_form, validate

FIELDS = [
    {"id": "reason", "label": "请假事由", "type": "string",
     "constraints": {"required": None, "maxlength": "20"}},
    {"id": "days", "label": "天数", "type": "long", "constraints": {"min": "1", "max": "30"}},
    {"id": "urgent", "label": "是否紧急", "type": "boolean", "constraints": {"required": None}},
    {"id": "from_date", "label": "开始日期", "type": "date", "constraints": {}},
    {"id": "kind", "label": "", "type": "enum", "values": [["sick", "病假"], ["personal", "事假"]],
     "constraints": {"required": None}},
]  # fmt: skip


def test_each_camunda_type_becomes_our_widget_with_its_label():
    form = camunda_form("leave", "apply", "填写申请", FIELDS)
    widgets = {f.name: (f.widget, f.label) for f in form.fields()}
    assert widgets == {
        "reason": ("text", "请假事由"),
        "days": ("number", "天数"),
        "urgent": ("checkbox", "是否紧急"),
        "from_date": ("date", "开始日期"),
        "kind": ("select", "kind"),  # no label: its id
    }
    assert form.field("kind").options == (("sick", "病假"), ("personal", "事假"))
    assert form.schema["required"] == ["reason", "kind"]  # a checkbox is always sent
    assert form.title == "填写申请"


def test_constraints_are_checked_with_field_level_chinese_errors():
    form = camunda_form("leave", "apply", "填写申请", FIELDS)
    assert validate(form, {"reason": "看病", "days": 2, "urgent": False, "kind": "sick"}) == {}
    errors = validate(form, {"reason": "长" * 21, "days": 31, "urgent": False, "kind": "x"})
    assert set(errors) == {"reason", "days", "kind"}
    assert all(any("\u4e00" <= ch <= "\u9fff" for ch in text) for text in errors.values())
    assert "reason" in validate(form, {"days": 2, "urgent": False, "kind": "sick"})


@pytest.mark.parametrize(
    ("field", "expected"),
    [
        ({"id": "x", "type": "custom"}, "类型 custom 不支持"),
        ({"id": "x", "type": "enum", "values": []}, "没有可选值"),
        ({"id": "x", "type": "string", "constraints": {"min": "1"}}, "校验规则 min 不支持"),
        ({"id": "x", "type": "long", "constraints": {"max": "lots"}}, "不是整数"),
        ({"id": "x-y", "type": "string"}, "不能用作变量名"),
    ],
)
def test_a_field_that_cannot_be_used_is_named_in_chinese(field, expected):
    with pytest.raises(CamundaFormError) as caught:
        camunda_form("p", "t", "任务", [field])
    assert expected in str(caught.value)
