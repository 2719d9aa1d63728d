"""Every process's form rules run on the data even when the schema check failed (one pass: the
school sees every problem at once), so no rule may raise on data the schema would refuse:
missing keys, wrong types, None, empty strings, rows missing cells. It skips what it cannot
read (the schema's message covers that field) and still returns {field: message}."""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from webapp.processes import INSTALLED
from webapp.taskforms import FieldDef, load_form

FORMS = Path(__file__).resolve().parents[2] / "forms"
TODAY = date(2026, 4, 15)

# Values the schema would refuse in some field: every JSON type, empty and odd ones.
HOSTILE = (
    None,
    "",
    "   ",
    "abc",
    "２０２６年",
    "2026-02-30",
    "99999999999999999999",
    "NaN",
    "1e999",
    -1,
    0,
    1,
    2.5,
    10**20,
    float("nan"),
    float("inf"),
    True,
    False,
    [],
    [None],
    ["x"],
    [{}],
    {},
    {"attachment_id": None},
    {"x": 1},
)


def _working_days(start: date, end: date) -> int:
    return (end - start).days + 1


# What each process's rule_context hook gives (reference data, not the user's: well formed).
CONTEXTS = {
    "internship_approval": {
        "blacklist": ["91210100MA0XXXXXX1", "某某网吧有限公司"],
        "min_pay_ratio": 0.8,
        "consent_for_all_placements": True,
        "filed_on": date(2026, 3, 20),
        "approved_start": "2026-04-01",
    },
    "major_adjustment": {
        "catalogue": {"660301": {"name": "数控技术应用", "controlled": False}},
        "offered": {"660302": {"name": "模具制造技术", "status": "enrolling"}},
        "open_cases": {"660303": "专业动态调整－某专业"},
        "standing": "",
        "standing_label": "正常",
        "window": (date(2026, 3, 1), date(2026, 5, 31)),
        "experts": {"expert", "expert2"},
        "expert_count": 3,
    },
    "subsidy_verification": {
        "publicity_days": 5,
        "working_days_in": _working_days,
        "recipients": 3,
        "pending_job": False,
        "unanswered": [2, 5],
    },
    "annual_inspection": {"offered_majors": [{"code": "660301", "name": "数控技术应用"}]},
    "student_registration": {
        "registrations": lambda numbers: {
            number: [{"school_code": "21020001", "stage": "中职", "status": "在籍在校"}]
            for number in numbers[:1]
        },
        "own_code": "21010001",
    },
    "student_status_change": {
        "find": lambda student_no, id_number: {
            "student_no": student_no,
            "id_number": id_number,
            "name": "文字",
            "status": "在籍在校",
            "grade": 2,
            "major_code": "660301",
        },
        "open_case": lambda id_number: "",
        "school": lambda code: {"id": 3, "name": "某校", "city_id": 2, "active": code != "660303"},
        "own_code": "660301",
        "offered": {"660302": {"name": "模具制造技术", "status": "enrolling"}},
        "receiving_offered": {"660303": {"name": "数控技术应用", "status": "paused"}},
        "case": {
            "change_type": "change_major",
            "registered_grade": 2,
            "registered_major": "660301",
            "returns": 5,
        },
    },
}


def _validators() -> Iterator[tuple[str, str, object]]:
    for name in INSTALLED:
        module = importlib.import_module(name).PROCESS
        for form_key, validator in module.validators.items():
            yield module.key, form_key, validator


VALIDATORS = list(_validators())


def _fields(key: str, form_key: str) -> list[FieldDef]:
    form = load_form(FORMS, key, form_key)
    assert form is not None, f"forms/{key}/{form_key}.json"
    return form.fields()


def _plausible(field: FieldDef, variant: int) -> object:
    """A value the schema would likely accept, so that one hostile field among good ones reaches
    the rules that read it (variant cycles through a choice field's options)."""
    if field.options:
        return field.options[variant % len(field.options)][0]
    if field.widget == "table":
        return [{c.name: _plausible(c, variant + i) for c in field.columns} for i in range(2)]
    if field.widget == "file":
        upload = {"attachment_id": 1, "filename": "材料.pdf"}
        return [upload] if field.type == "array" else upload
    if field.widget == "date" or field.schema.get("format") == "date":
        return ("2026-04-01", "2026-03-01", "2026-09-30")[variant % 3]
    if field.type == "boolean":
        return variant % 2 == 0
    if field.type == "integer":
        return (2, 2026, 30, 1)[variant % 4]
    if field.type == "number":
        return (3000, 0.5, 100)[variant % 3]
    if "id_number" in field.name:
        return ("210000200801010008", "210000200001010013")[variant % 2]
    if "credit_code" in field.name:
        return "91210100MA0XXXXXX1"
    if "code" in field.name:
        return ("660301", "660302", "660303")[variant % 3]
    if "usernames" in field.name:
        return "expert,expert2"
    return ("沈阳机床网吧", "文字")[variant % 2]


def _hostile_inputs(fields: list[FieldDef]) -> Iterator[dict]:
    yield {}
    for value in HOSTILE:
        yield {field.name: value for field in fields}  # every field wrong in the same way
    for variant in range(4):
        good = {field.name: _plausible(field, variant) for field in fields}
        yield good
        for field in fields:
            yield {k: v for k, v in good.items() if k != field.name}  # one field missing
            for value in HOSTILE:
                yield good | {field.name: value}  # one field wrong among good ones
            for column in field.columns:
                row = good[field.name][0]
                yield good | {field.name: [{k: v for k, v in row.items() if k != column.name}]}
                for value in HOSTILE:
                    yield good | {field.name: [row | {column.name: value}, {column.name: value}]}
        for field in fields:
            if field.columns:
                yield good | {field.name: [{}, None, "row", 3, []]}


# A process whose rule_context always gives its reference data (the major adjustment's
# catalogue and window) is run with that context only.
ALWAYS_WITH_CONTEXT = {"major_adjustment", "student_status_change"}


def _cases() -> Iterator:
    for key, form_key, validator in VALIDATORS:
        for with_context in (True, False):
            if with_context or key not in ALWAYS_WITH_CONTEXT:
                label = "context" if with_context else "no_context"
                yield pytest.param(
                    key, form_key, validator, with_context, id=f"{key}.{form_key}-{label}"
                )


def test_every_validator_is_covered():
    assert {(key, form) for key, form, _ in VALIDATORS} >= {
        ("internship_approval", "submit_application"),
        ("internship_approval", "confirm_start"),
        ("annual_inspection", "self_assessment"),
        ("major_adjustment", "start"),
        ("student_registration", "record_batch"),
        ("subsidy_verification", "submit_list"),
    }


@pytest.mark.parametrize(("key", "form_key", "validator", "with_context"), list(_cases()))
def test_a_validator_never_raises_on_data_the_schema_refuses(
    key, form_key, validator, with_context
):
    context = CONTEXTS.get(key, {}) if with_context else {}
    fields = _fields(key, form_key)
    for data in _hostile_inputs(fields):
        try:
            errors = validator(data, TODAY, dict(context))
        except Exception as error:  # noqa: BLE001 - the point: name the data that broke it
            pytest.fail(f"{key}.{form_key} raised {error!r} on {data!r}")
        assert isinstance(errors, dict), (data, errors)
        assert all(isinstance(k, str) and isinstance(v, str) and v for k, v in errors.items()), (
            data,
            errors,
        )
