"""Blocks as form errors for the VALIDATORS registry."""

from __future__ import annotations

from datetime import date
from functools import partial

from tests.processes.internship_approval.rules.synthetic import application, credit_code, student
from webapp.processes.internship_approval.rules import (
    field_errors,
    hard_blocks,
    validate_application,
)

TODAY = date(2026, 2, 1)


def test_a_clean_application_has_no_errors():
    assert field_errors(application()) == {}
    assert validate_application(application(), TODAY) == {}


def test_errors_are_keyed_by_form_path():
    data = application(
        unit_credit_code="123",
        fees=["押金", "培训费"],
        students=[student(), student(), student("测试学生辛", id_number="123")],
    )
    errors = field_errors(data)
    assert set(errors) == {"unit_credit_code", "fees", "students.2.id_number"}
    assert "押金、培训费" in errors["fees"]
    assert errors["students.2.id_number"].startswith("第3行学生测试学生辛")


def test_messages_on_one_field_are_joined():
    data = application(unit_name="测试夜色酒吧")
    blocks = hard_blocks(data, ["测试夜色酒吧"])
    assert [block.rule for block in blocks] == ["entertainment_venue", "blacklisted_unit"]
    errors = field_errors(data, ["测试夜色酒吧"])
    assert errors == {"unit_name": "；".join(block.message for block in blocks)}


def test_validate_application_fits_the_registry_with_the_blacklist_bound():
    validator = partial(validate_application, blacklist=[credit_code()])
    errors = validator(application(), TODAY)
    assert list(errors) == ["unit_credit_code"] and "违法失信单位" in errors["unit_credit_code"]


def test_settings_pass_through():
    data = application(students=[student(grade=2)])
    assert "students.0.grade" in validate_application(data, TODAY, first_year_grade=2)
