"""Loading form files: the FormDef and its fields, caching, and every FormFileError case."""

from __future__ import annotations

import copy
import os

import pytest

from webapp.taskforms import FormFileError, load_all_forms, load_form

GOOD = {
    "title": "审核",
    "schema": {
        "type": "object",
        "properties": {
            "decision": {"type": "string", "title": "结论", "enum": ["yes", "no"]},
            "reason": {"type": "string", "title": "理由"},
        },
        "required": ["decision"],
    },
    "ui": {"fields": {"reason": {"widget": "textarea"}}},
}


def test_loads_title_description_and_fields_in_ui_order(review_form):
    assert review_form.title == "市级初审"
    assert review_form.description.startswith("请核对")
    assert (review_form.process_key, review_form.task_id) == ("review", "city_review")
    names = [field.name for field in review_form.fields()]
    assert names[:4] == ["decision", "reason", "students", "evidence"]
    assert names[4:] == [
        "school_name", "enrolled", "ratio", "start_date", "level", "postcode", "promise", "photos",
    ]  # fmt: skip


def test_fields_carry_label_widget_required_and_hints(review_form):
    decision, reason = review_form.field("decision"), review_form.field("reason")
    assert (decision.label, decision.widget, decision.required) == ("结论", "radio", True)
    assert decision.options == (("approve", "通过"), ("return", "退回修改"))
    assert (reason.widget, reason.required, reason.help) == (
        "textarea",
        False,
        "退回时必须填写理由",
    )
    assert review_form.field("level").options[1] == ("B", "二级")
    assert review_form.field("enrolled").widget == "number"
    assert review_form.field("start_date").widget == "date"
    assert review_form.field("promise").widget == "checkbox"
    assert review_form.field("school_name").widget == "text"


def test_table_columns_are_item_properties(review_form):
    students = review_form.field("students")
    assert students.widget == "table"
    assert [(c.name, c.widget) for c in students.columns] == [
        ("name", "text"), ("id_number", "text"), ("born", "date"),
        ("grade", "select"), ("count", "number"), ("boarding", "checkbox"),
    ]  # fmt: skip
    assert students.column("name").required
    assert not students.column("born").required
    assert students.column("grade").options[0] == (1, "一年级")
    assert (students.min_rows, students.max_rows) == (1, 5)


def test_file_fields_carry_accept_size_and_multiple(review_form):
    evidence, photos = review_form.field("evidence"), review_form.field("photos")
    assert evidence.accept == (".pdf", ".jpg", ".png", ".jpeg")
    assert evidence.max_bytes == 10 * 1024 * 1024
    assert not evidence.multiple
    assert photos.multiple
    assert photos.max_bytes == 5 * 1024 * 1024


def test_local_refs_are_followed(write_form):
    form = {
        "title": "登记",
        "schema": {
            "type": "object",
            "$defs": {"date": {"type": "string", "format": "date"}},
            "properties": {"day": {"$ref": "#/$defs/date", "title": "日期"}},
        },
    }
    day = load_form(write_form(form), "proc", "task").field("day")
    assert (day.label, day.widget) == ("日期", "date")


def test_missing_file_gives_none(forms_dir):
    assert load_form(forms_dir, "review", "no_such_task") is None
    assert load_form(forms_dir, "no_such_process", "city_review") is None


@pytest.mark.parametrize("name", ["../review", "a/b", "", "x y"])
def test_names_that_are_not_bpmn_ids_are_refused(forms_dir, name):
    with pytest.raises(ValueError, match="not a plain process key or task id"):
        load_form(forms_dir, name, "city_review")


def test_cache_returns_same_object_until_file_changes(write_form):
    forms_dir = write_form(GOOD)
    first = load_form(forms_dir, "proc", "task")
    assert load_form(forms_dir, "proc", "task") is first
    changed = {**GOOD, "title": "复核"}
    write_form(changed)
    path = forms_dir / "proc" / "task.json"
    os.utime(path, ns=(path.stat().st_mtime_ns + 10**9,) * 2)
    assert load_form(forms_dir, "proc", "task").title == "复核"


def test_load_all_forms_reads_every_file_sorted(forms_dir):
    forms = load_all_forms(forms_dir)
    assert [(f.process_key, f.task_id) for f in forms] == [
        ("review", "city_review"),
        ("review", "note"),
    ]


def test_load_all_forms_of_missing_dir_is_empty(tmp_path):
    assert load_all_forms(tmp_path / "nothing") == []


def test_load_all_forms_raises_on_invalid_file(write_form):
    write_form(GOOD, "a", "fine")
    forms_dir = write_form("{", "b", "broken")
    with pytest.raises(FormFileError) as info:
        load_all_forms(forms_dir)
    assert info.value.path.endswith("broken.json")


def _bad(change):
    form = copy.deepcopy(GOOD)
    change(form)
    return form


def _with_file(hint):
    def change(form):
        form["schema"]["properties"]["att"] = {"type": "object", "title": "附件"}
        form["ui"]["fields"]["att"] = {"widget": "file", **hint}

    return _bad(change)


INVALID = {
    "bad JSON": ("{not json", "not valid JSON"),
    "no title": (_bad(lambda f: f.pop("title")), "'title' is a required property"),
    "invalid JSON Schema": (
        _bad(lambda f: f["schema"]["properties"]["reason"].update(type="text")),
        "invalid JSON Schema",
    ),
    "schema without properties": (
        _bad(lambda f: f.update(schema={"type": "object"})),
        "properties",
    ),
    "ui order names unknown property": (
        _bad(lambda f: f["ui"].update(order=["decision", "reasons"])),
        "reasons",
    ),
    "ui fields names unknown property": (
        _bad(lambda f: f["ui"]["fields"].update(remark={"help": "x"})),
        "remark",
    ),
    "unknown widget": (
        _bad(lambda f: f["ui"]["fields"]["reason"].update(widget="richtext")),
        "'richtext' is not one of",
    ),
    "misspelt hint": (
        _bad(lambda f: f["ui"]["fields"]["reason"].update(placehoder="x")),
        "placehoder",
    ),
    "widget does not fit type": (
        _bad(lambda f: f["ui"]["fields"]["reason"].update(widget="checkbox")),
        "cannot use widget 'checkbox'",
    ),
    "select without options": (
        _bad(lambda f: f["ui"]["fields"]["reason"].update(widget="select")),
        "no enum or oneOf",
    ),
    "property without title": (
        _bad(lambda f: f["schema"]["properties"]["reason"].pop("title")),
        "has no title",
    ),
    "required names unknown property": (
        _bad(lambda f: f["schema"].update(required=["decison"])),
        "decison",
    ),
    "if/then names unknown property": (
        _bad(
            lambda f: f["schema"].update(
                allOf=[{"if": {"properties": {"decison": {"const": "no"}}}, "then": {}}]
            )
        ),
        "decison",
    ),
    "file type that cannot be checked": (_with_file({"accept": [".exe"]}), ".exe"),
    "multiple file field that is not an array": (_with_file({"multiple": True}), "multiple"),
    "array of strings": (
        _bad(
            lambda f: f["schema"]["properties"].update(
                tags={"type": "array", "title": "标签", "items": {"type": "string"}}
            )
        ),
        "items of type object",
    ),
}


@pytest.mark.parametrize(("content", "expected"), INVALID.values(), ids=INVALID.keys())
def test_invalid_form_files_raise_form_file_error(write_form, content, expected):
    forms_dir = write_form(content)
    with pytest.raises(FormFileError) as info:
        load_form(forms_dir, "proc", "task")
    assert expected in info.value.message
    assert info.value.path.endswith("task.json")
