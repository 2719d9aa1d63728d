"""One pass on the start form: the schema's problems and the rules' come back together."""

from __future__ import annotations

from datetime import UTC, datetime

from tests.processes.major_adjustment.helpers import start


def test_a_missing_code_and_a_misplaced_target_come_back_together(majors, api):
    refused = start(api("school"), status=422, kind="adjust", target_code="660107")
    assert set(refused["fields"]) == {"major_code", "target_code"}, refused
    assert "专业代码" in refused["fields"]["major_code"]
    assert "仅“改造升级”填写改造后的专业代码" in refused["fields"]["target_code"]


def test_outside_the_window_the_form_problems_show_too(majors, api, clock):
    clock.set(datetime(2026, 11, 2, 1, 0, tzinfo=UTC))
    refused = start(api("school"), status=422, kind="add", major_code="7102")
    assert "2027年9月1日" in refused["fields"]["_form"]
    assert "6 位数字" in refused["fields"]["major_code"]  # the schema's, not the catalogue rule's
