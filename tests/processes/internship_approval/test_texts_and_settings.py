"""The texts this process cites come from webapp/sources.py; its settings' own checks; the rule
on the actual start date."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from webapp.processes.internship_approval import settings
from webapp.processes.internship_approval.rules import articles
from webapp.processes.internship_approval.rules.flow import validate_start
from webapp.sources import INTERNSHIP_RULES, POLICY

ROOT = Path(__file__).resolve().parents[3]
PROCESS_FILES = [
    *sorted((ROOT / "forms" / "internship_approval").glob("*.json")),
    ROOT / "workflows" / "internship_approval.bpmn",
    *sorted((ROOT / "webapp" / "processes" / "internship_approval").rglob("*.html")),
    *sorted((ROOT / "webapp" / "processes" / "internship_approval").rglob("*.py")),
]


def test_the_rules_cite_the_constants():
    assert articles.NATIONAL == INTERNSHIP_RULES
    assert f"{POLICY}第十一条" == articles.PROVINCE_11


def test_the_form_names_the_regulation_and_the_policy_as_sources_does():
    """Form JSON holds literal strings: they must equal the constants."""
    form = json.loads((ROOT / "forms/internship_approval/submit_application.json").read_text())
    assert INTERNSHIP_RULES in form["description"] and POLICY in form["description"]


@pytest.mark.parametrize("path", PROCESS_FILES, ids=lambda path: path.name)
def test_no_file_of_the_process_uses_an_invented_policy_title_or_the_2016_pay_rule(path):
    text = path.read_text(encoding="utf-8")
    assert "管理规范意见" not in text  # the invented 《辽宁省中等职业学校管理规范意见》
    assert "试用期工资" not in text  # the 2016 pay floor
    assert "沈阳教职成备" not in text  # the invented document number


def test_the_filing_number_follows_the_pattern_for_the_city():
    patterns = settings.city_patterns(settings.patterns_by_city("大连市=大教备字〔{year}〕{seq}号"))
    default = "{city_short}教职成备〔{year}〕{seq}号"
    assert settings.filing_number(patterns, default, "沈阳市", 2026, 7) == "沈教职成备〔2026〕7号"
    assert settings.filing_number(patterns, default, "大连市", 2026, 7) == "大教备字〔2026〕7号"
    assert settings.filing_number({}, "{city}教育局备〔{year}〕{seq}号", "葫芦岛市", 2027, 1) == (
        "葫芦岛市教育局备〔2027〕1号"
    )


@pytest.mark.parametrize(
    ("pattern", "error"),
    [
        ("{city_short}教职成备〔{year}〕号", "{seq}"),
        ("{city_short}教职成备[{year}]{seq}号", "〔{year}〕"),
        ("{city_short}教职成备〔{year}〕{seq}", "以“号”结尾"),
        ("{school}备〔{year}〕{seq}号", "未知的项：school"),
        ("{city_short备〔{year}〕{seq}号", "花括号"),
    ],
)
def test_a_filing_number_pattern_is_validated(pattern, error):
    with pytest.raises(ValueError, match=error.replace("{", r"\{").replace("}", r"\}")):
        settings.filing_number_pattern(pattern)


def test_per_city_patterns_are_validated_each():
    with pytest.raises(ValueError, match="某某市=格式"):
        settings.patterns_by_city("大连=大教备〔{year}〕{seq}号")
    with pytest.raises(ValueError, match="以“号”结尾"):
        settings.patterns_by_city("沈阳市=沈教备〔{year}〕{seq}号；大连市=大〔{year}〕{seq}")


def test_school_contacts_are_validated_and_read():
    text = settings.school_contacts("甲校=甲市一路1号|实习办 刘老师|024-88886666；乙校=||")
    assert settings.school_contact(text, "甲校") == {
        "address": "甲市一路1号",
        "contact": "实习办 刘老师",
        "phone": "024-88886666",
    }
    assert settings.school_contact(text, "乙校") == {"address": "", "contact": "", "phone": ""}
    assert settings.school_contact(text, "丙校")["address"] == ""
    with pytest.raises(ValueError, match="电话"):
        settings.school_contacts("甲校=地址|刘老师|电话未定")
    with pytest.raises(ValueError, match="学校名称=地址"):
        settings.school_contacts("甲校=地址|刘老师")


START = {"filed_on": date(2026, 3, 20), "approved_start": "2026-04-01"}


@pytest.mark.parametrize(
    ("actual", "context", "refused"),
    [
        ("2026-04-01", START, False),
        ("2026-04-02", START, False),
        ("2026-03-31", START, True),  # after the filing, before the filed start
        ("2026-03-19", START, True),  # before both
        ("2026-03-25", {"filed_on": date(2026, 3, 26), "approved_start": "2026-03-20"}, True),
        ("2026-03-26", {"filed_on": date(2026, 3, 26), "approved_start": "2026-03-20"}, False),
    ],
)
def test_the_actual_start_may_not_precede_the_filing_or_the_filed_start(actual, context, refused):
    errors = validate_start({"actual_start_date": actual}, date(2026, 3, 1), context)
    if refused:
        message = errors["actual_start_date"]
        assert f"实际开始日期 {actual} 早于" in message
        assert f"市教育局备案日期 {context['filed_on']}" in message
        assert f"备案的实习开始日期 {context['approved_start']}" in message
    else:
        assert errors == {}


def test_with_only_one_date_known_the_message_names_that_one():
    errors = validate_start(
        {"actual_start_date": "2026-03-01"}, date(2026, 3, 1), {"approved_start": "2026-04-01"}
    )
    assert errors == {
        "actual_start_date": "实际开始日期 2026-03-01 早于备案的实习开始日期 2026-04-01，"
        "实习不得在备案之前或备案的开始日期之前开始，请核对实际开始日期"
    }
