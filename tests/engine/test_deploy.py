"""parse_files: process listing, checksums, and diagrams that cannot be deployed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.engine.scenario import DIAGRAMS, deploy
from webapp.engine import DeployError, parse_files

ROOT = Path(__file__).resolve().parents[2]


def edited_copy(tmp_path: Path, name: str, old: str, new: str) -> Path:
    text = (DIAGRAMS / name).read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / name
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


def refused(*paths: Path | str) -> DeployError:
    with pytest.raises(DeployError) as caught:
        parse_files(list(paths))
    assert caught.value.message  # always a Chinese explanation
    return caught.value


def test_every_executable_process_is_returned_with_its_source():
    processes = deploy("inspection.bpmn", "site_check.bpmn")
    assert sorted(processes) == ["inspection", "site_check"]
    inspection = processes["inspection"]
    assert inspection.name == "督导检查"
    assert inspection.bpmn_xml == (DIAGRAMS / "inspection.bpmn").read_text(encoding="utf-8")
    bundle = json.loads(inspection.spec_json)
    assert bundle["serializer_version"] == "1.5"
    assert bundle["spec"]["name"] == "inspection"
    assert sorted(bundle["subprocess_specs"]) == ["site_check"]


def test_a_timer_start_event_is_noted_and_a_timer_elsewhere_is_not():
    (timer_start,) = parse_files([ROOT / "tests" / "scheduler" / "diagrams" / "timer_start.bpmn"])
    assert timer_start.starts_on_timer
    assert not deploy("scheduled_notice.bpmn")["scheduled_notice"].starts_on_timer  # caught later
    assert not deploy("timed_review.bpmn")["timed_review"].starts_on_timer  # on a boundary


def test_checksum_is_stable_for_the_same_file_and_changes_with_it(tmp_path):
    first = deploy("leave_request.bpmn")["leave_request"]
    again = deploy("leave_request.bpmn")["leave_request"]
    assert first.checksum == again.checksum
    assert len(first.checksum) == 64
    changed = edited_copy(tmp_path, "leave_request.bpmn", "hours = days * 8", "hours = days * 7")
    (edited,) = parse_files([changed])
    assert edited.checksum != first.checksum


def test_checksum_does_not_depend_on_the_directory(tmp_path):
    copy = edited_copy(tmp_path, "leave_request.bpmn", "提交申请", "提交申请")
    assert parse_files([copy])[0].checksum == deploy("leave_request.bpmn")["leave_request"].checksum


def test_checksum_does_not_depend_on_hash_seed():
    code = (
        "from tests.engine.scenario import deploy;"
        "print(deploy('inspection.bpmn', 'site_check.bpmn', 'rectification.bpmn')"
        "['inspection'].checksum)"
    )
    checksums = {
        subprocess.run(
            [sys.executable, "-c", code],
            cwd=ROOT,
            env={**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(ROOT)},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in ("1", "2")
    }
    assert len(checksums) == 1


def test_broken_xml_names_the_file(tmp_path):
    path = tmp_path / "broken.bpmn"
    path.write_text((DIAGRAMS / "payment.bpmn").read_text(encoding="utf-8")[:900], "utf-8")
    error = refused(path)
    assert error.element == "broken.bpmn"
    assert "XML" in error.message


def test_missing_file_and_foreign_xml_are_refused(tmp_path):
    assert refused(tmp_path / "nope.bpmn").element == "nope.bpmn"
    other = tmp_path / "other.xml"
    other.write_text("<html/>", "utf-8")
    assert refused(other).element == "other.xml"


def test_file_without_executable_process_is_refused(tmp_path):
    path = edited_copy(tmp_path, "payment.bpmn", 'isExecutable="true"', 'isExecutable="false"')
    error = refused(path)
    assert error.element == "payment.bpmn"
    assert "isExecutable" in error.message


def test_message_without_name_is_refused(tmp_path):
    path = edited_copy(tmp_path, "payment.bpmn", ' name="payment_received"', "")
    error = refused(path)
    assert error.element == "Message_paid"
    assert "名称" in error.message


def test_business_rule_task_without_decision_is_refused(tmp_path):
    path = edited_copy(
        tmp_path,
        "grade_report.bpmn",
        "<spiffworkflow:calledDecisionId>grade_decision</spiffworkflow:calledDecisionId>",
        "",
    )
    error = refused(path, DIAGRAMS / "grading.dmn")
    assert error.element == "decide_grade"
    assert "calledDecisionId" in error.message


def test_business_rule_task_with_unknown_decision_is_refused():
    error = refused(DIAGRAMS / "grade_report.bpmn")  # grading.dmn not given
    assert error.element == "decide_grade"


def test_called_process_missing_is_refused():
    error = refused(DIAGRAMS / "inspection.bpmn")
    assert "site_check" in error.message


def test_cycle_of_tasks_without_gateway_is_refused(tmp_path):
    path = edited_copy(
        tmp_path,
        "parallel_review.bpmn",
        '<bpmn:sequenceFlow id="f7" sourceRef="summarize" targetRef="end" />',
        '<bpmn:sequenceFlow id="f7" sourceRef="summarize" targetRef="check_again" />'
        '<bpmn:userTask id="check_again" />'
        '<bpmn:sequenceFlow id="f8" sourceRef="check_again" targetRef="summarize" />',
    )
    error = refused(path)
    assert error.element == "parallel_review"
    assert "环路" in error.message


def test_schema_violation_is_refused(tmp_path):
    path = edited_copy(tmp_path, "payment.bpmn", "<bpmn:endEvent", "<bpmn:notAnElement")
    assert "校验" in refused(path).message


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ('"P7D"', "P7D", "加引号"),
        ('"P7D"', '"seven days"', "ISO 8601"),
        ('"P7D"', "__import__('os')", "不允许"),
    ],
)
def test_bad_duration_timer_is_refused(tmp_path, old, new, expected):
    error = refused(edited_copy(tmp_path, "timed_review.bpmn", old, new))
    assert error.element == "review_overdue"
    assert expected in error.message


def test_time_date_without_time_zone_is_refused(tmp_path):
    path = edited_copy(tmp_path, "scheduled_notice.bpmn", "+08:00", "")
    error = refused(path)
    assert (error.element, error.expression) == ("wait_until", '"2026-03-10T09:00:00"')
    assert "时区" in error.message


@pytest.mark.parametrize(
    ("old", "new", "element"),
    [
        ('"优秀"', "__import__('os')", "LiteralExpression_excellent"),
        ("&gt;= 90", "&gt;= ().__class__", "UnaryTests_excellent"),
        ("<text>score</text>", "<text>open('x')</text>", "Input_score"),
    ],
)
def test_unsafe_decision_table_is_refused(tmp_path, old, new, element):
    dmn = edited_copy(tmp_path, "grading.dmn", old, new)
    error = refused(DIAGRAMS / "grade_report.bpmn", dmn)
    assert error.element == element
    assert "不允许" in error.message
