"""parse_submission: HTML strings in, typed JSON data out, for every widget."""

from __future__ import annotations

import json

import pytest
from werkzeug.datastructures import MultiDict

from webapp.taskforms import parse_submission


def parse(form, pairs):
    return parse_submission(form, MultiDict(pairs))


class GetOnly:
    """A values object with get/getlist but no keys(), as the interface allows."""

    def __init__(self, pairs):
        self._values = MultiDict(pairs)

    def get(self, key, default=None):
        return self._values.get(key, default)

    def getlist(self, key):
        return self._values.getlist(key)


def test_empty_and_blank_strings_leave_fields_out(review_form):
    data = parse(review_form, [("school_name", "   "), ("reason", ""), ("enrolled", "")])
    assert "school_name" not in data
    assert "reason" not in data
    assert "enrolled" not in data


def test_text_and_textarea_are_trimmed(review_form):
    data = parse(
        review_form, [("school_name", "  沈阳市职业学校 "), ("reason", "第一行\r\n第二行\n")]
    )
    assert data["school_name"] == "沈阳市职业学校"
    assert data["reason"] == "第一行\n第二行"


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("1200", 1200), (" -3 ", -3), ("１２", 12), ("12.5", "12.5"), ("abc", "abc"), ("1e3", "1e3")],
)
def test_integer_parses_or_keeps_what_was_typed(review_form, typed, expected):
    assert parse(review_form, [("enrolled", typed)])["enrolled"] == expected


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("18", 18), ("17.5", 17.5), (".5", 0.5), ("nan", "nan"), ("1e999", "1e999"), ("1_0", "1_0")],
)
def test_number_parses_or_keeps_what_was_typed(review_form, typed, expected):
    assert parse(review_form, [("ratio", typed)])["ratio"] == expected


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("2026-03-15", "2026-03-15"),
        ("2026/3/5", "2026-03-05"),
        ("2026年3月15日", "2026-03-15"),
        ("2026.03.15", "2026-03-15"),
        ("下周一", "下周一"),
    ],
)
def test_dates_are_normalised_when_recognisable(review_form, typed, expected):
    assert parse(review_form, [("start_date", typed)])["start_date"] == expected


def test_select_and_radio_keep_the_chosen_value(review_form):
    data = parse(review_form, [("decision", "return"), ("level", "B")])
    assert (data["decision"], data["level"]) == ("return", "B")


def test_select_with_unknown_value_is_kept_for_validation(review_form):
    assert parse(review_form, [("level", "Z")])["level"] == "Z"


@pytest.mark.parametrize(("sent", "expected"), [([], False), (["true"], True), (["on"], True)])
def test_checkbox_becomes_bool(review_form, sent, expected):
    data = parse(review_form, [("promise", value) for value in sent])
    assert data["promise"] is expected


def test_checkbox_with_hidden_false_companion(review_form):
    assert parse(review_form, [("promise", "false"), ("promise", "true")])["promise"] is True
    assert parse(review_form, [("promise", "false")])["promise"] is False


def test_table_rows_are_typed_and_empty_rows_dropped(review_form):
    data = parse(
        review_form,
        [
            ("students-0-name", "张三"),
            ("students-0-grade", "2"),
            ("students-0-count", "3"),
            ("students-0-boarding", "true"),
            ("students-1-name", " "),
            ("students-1-count", ""),
            ("students-2-name", "李四"),
            ("students-2-count", "x1"),
            ("students-2-born", "2010/9/1"),
        ],
    )
    assert data["students"] == [
        {"name": "张三", "grade": 2, "count": 3, "boarding": True},
        {"name": "李四", "count": "x1", "born": "2010-09-01", "boarding": False},
    ]


def test_table_row_order_is_numeric_and_gaps_are_kept(review_form):
    pairs = [("students-10-name", "丙"), ("students-2-name", "乙"), ("students-0-name", "甲")]
    names = [row["name"] for row in parse(review_form, pairs)["students"]]
    assert names == ["甲", "乙", "丙"]


def test_table_with_only_empty_rows_is_left_out(review_form):
    data = parse(review_form, [("students-0-name", ""), ("students-0-grade", "")])
    assert "students" not in data


def test_table_rows_without_keys_method(review_form):
    values = GetOnly([("students-0-name", "甲"), ("students-1-name", "乙"), ("school_name", "校")])
    data = parse_submission(review_form, values)
    assert [row["name"] for row in data["students"]] == ["甲", "乙"]
    assert data["school_name"] == "校"


def test_table_ignores_names_of_unknown_columns(review_form):
    assert "students" not in parse(review_form, [("students-0-hack", "x")])


def keep(attachment_id, filename):
    return json.dumps({"attachment_id": attachment_id, "filename": filename})


def test_file_field_keeps_earlier_upload(review_form):
    data = parse(review_form, [("evidence__keep", keep(7, "报告.pdf"))])
    assert data["evidence"] == {"attachment_id": 7, "filename": "报告.pdf"}


def test_multiple_file_field_keeps_a_list_and_honours_remove(review_form):
    pairs = [("photos__keep", keep(1, "a.jpg")), ("photos__keep", keep(2, "b.jpg"))]
    assert [p["attachment_id"] for p in parse(review_form, pairs)["photos"]] == [1, 2]
    data = parse(review_form, [*pairs, ("photos__remove", "1")])
    assert data["photos"] == [{"attachment_id": 2, "filename": "b.jpg"}]


def test_removed_single_file_leaves_the_field_out(review_form):
    pairs = [("evidence__keep", keep(7, "a.pdf")), ("evidence__remove", "7")]
    assert "evidence" not in parse(review_form, pairs)


@pytest.mark.parametrize(
    "raw",
    ["not json", "[1]", '{"attachment_id": "7", "filename": "a.pdf"}', '{"attachment_id": 7}'],
)
def test_malformed_kept_file_values_are_ignored(review_form, raw):
    assert "evidence" not in parse(review_form, [("evidence__keep", raw)])


def test_file_upload_itself_is_not_read(review_form):
    assert "evidence" not in parse(review_form, [("evidence", "a.pdf")])
