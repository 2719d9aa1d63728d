"""The registry: every default is allowed by its own rules, and values parse and show in Chinese."""

from __future__ import annotations

import pytest

from tests.settings_store.conftest import CROSS_RULES, DEFINITIONS, SETTINGS
from webapp.settings_store.catalogue import definition, groups
from webapp.settings_store.definitions import SettingDef, day_list
from webapp.settings_store.parsing import parse


@pytest.fixture(autouse=True)
def _in_app(app):
    """groups() and definition() read the installed processes of the app in context."""
    with app.app_context():
        yield


def test_every_default_passes_its_own_validation():
    assert len(SETTINGS) == len(DEFINITIONS)
    for item in DEFINITIONS:
        assert parse(item, item.form_text(item.default)) == item.default, item.key
    defaults = {item.key: item.default for item in DEFINITIONS}
    assert all(rule.check(defaults) is None for rule in CROSS_RULES)


def test_sections_keep_their_order():
    assert [title for title, _ in groups()] == [
        "实习管理",
        "办学资质年检",
        "学籍与资助",
        "专业调整",
        "安全管理",
        "校领导听课",
        "公示",  # the platform's own, after the processes'
    ]
    internship = dict(groups())["实习管理"]
    assert internship[0].key == "internship.consent_window_days"


def test_policy_defaults():
    assert definition("internship.consent_window_days").default == 7
    assert definition("internship.min_pay_ratio").default == 80
    assert definition("inspection.min_students").default == 1200
    assert definition("inspection.reminder_days").default == "30,7,1"
    # 《职业学校学生实习管理规定》(2021): informed consent for every school-organised 岗位实习.
    assert definition("internship.consent_for_all_placements").default is True


def test_unknown_key_raises():
    with pytest.raises(KeyError, match="internship.consent_window_dayz"):
        definition("internship.consent_window_dayz")


@pytest.mark.parametrize(
    ("key", "raw", "value"),
    [
        ("internship.consent_window_days", " 10 ", 10),
        ("internship.consent_window_days", "１２", 12),  # full-width digits
        ("internship.min_pay_ratio", "85%", 85),
        ("inspection.max_student_teacher_ratio", "18.5", 18.5),
        ("inspection.max_student_teacher_ratio", "18.0", 18),
        ("inspection.min_equipment_value", "2,500,000", 2_500_000),
        ("internship.consent_for_all_placements", "1", True),
        ("internship.consent_for_all_placements", "0", False),
        ("internship.consent_for_all_placements", True, True),
        ("internship.consent_window_days", 9, 9),
        ("inspection.reminder_days", "7，30、1", "30,7,1"),
    ],
)
def test_parse_accepts(key, raw, value):
    parsed = parse(SETTINGS[key], raw)
    assert parsed == value and type(parsed) is type(value)


@pytest.mark.parametrize(
    ("key", "raw", "message"),
    [
        ("internship.consent_window_days", "31", "须在 1–30 天之间"),
        ("internship.consent_window_days", "0", "须在 1–30 天之间"),
        ("internship.consent_window_days", "7.5", "请填写整数"),
        ("internship.consent_window_days", "七", "请填写整数"),
        ("internship.consent_window_days", "1e1", "请填写整数"),
        ("internship.consent_window_days", "", "请填写此项"),
        ("internship.consent_window_days", True, "请填写数字"),
        ("internship.min_pay_ratio", "40", "须在 50%–100%之间"),
        ("inspection.max_student_teacher_ratio", "18.125", "最多保留两位小数"),
        ("inspection.max_student_teacher_ratio", "abc", "请填写数字"),
        ("internship.consent_for_all_placements", "maybe", "请选择是或否"),
    ],
)
def test_parse_refuses_in_chinese(key, raw, message):
    with pytest.raises(ValueError, match=message):
        parse(SETTINGS[key], raw)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "请填写用逗号分隔的正整数天数"),
        ("30,,1", "请填写用逗号分隔的正整数天数"),
        ("30,-7", "请填写用逗号分隔的正整数天数"),
        ("30;7", "请填写用逗号分隔的正整数天数"),
        ("30,0", "须在 1–365 天之间"),
        ("30,7,7", "不能重复"),
    ],
)
def test_reminder_day_list_is_validated(text, message):
    with pytest.raises(ValueError, match=message):
        day_list(text)


def test_values_show_with_their_units():
    assert SETTINGS["internship.consent_window_days"].show(7) == "7 天"
    assert SETTINGS["internship.min_pay_ratio"].show(80) == "80%"
    assert SETTINGS["inspection.max_student_teacher_ratio"].show(20) == "20:1"
    assert SETTINGS["inspection.min_equipment_value"].show(3_000_000) == "3,000,000 元"
    assert SETTINGS["internship.consent_for_all_placements"].show(False) == "否"


def test_choice_settings_accept_only_their_choices():
    item = SettingDef(
        "example.level", "等级", "choice", "a", group="示例", choices=(("a", "甲"), ("b", "乙"))
    )
    assert parse(item, " b ") == "b" and item.show("a") == "甲"
    with pytest.raises(ValueError, match="请从列表中选择"):
        parse(item, "c")
