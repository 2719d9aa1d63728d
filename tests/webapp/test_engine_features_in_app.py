"""Engine features through the whole app: a parallel multi-instance fills the inbox with one item
per element; a DMN business-rule task decides before a person confirms."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.helpers import complete, inbox, start_with

ROOT = Path(__file__).resolve().parents[2]
DIAGRAMS = ROOT / "tests" / "engine" / "diagrams"
FORMS = {
    ("student_grading", "grade_student"): {
        "title": "评分",
        "schema": {
            "type": "object",
            "required": ["score"],
            "properties": {
                "score": {"type": "integer", "title": "分数", "minimum": 0, "maximum": 100}
            },
        },
    },
    ("grade_report", "confirm_grade"): {
        "title": "确认等级",
        "schema": {"type": "object", "properties": {"note": {"type": "string", "title": "备注"}}},
    },
}


@pytest.fixture
def test_processes(demo, tmp_path):
    forms = tmp_path / "forms"
    shutil.copytree(ROOT / "forms", forms)
    for (process, task), form in FORMS.items():
        (forms / process).mkdir(exist_ok=True)
        (forms / process / f"{task}.json").write_text(json.dumps(form, ensure_ascii=False))
    demo.config["FORMS_DIR"] = str(forms)
    files = [
        DIAGRAMS / "student_grading.bpmn",
        DIAGRAMS / "grade_report.bpmn",
        DIAGRAMS / "grading.dmn",
    ]
    result = demo.test_cli_runner().invoke(args=["deploy", *map(str, files)])
    assert result.exit_code == 0, result.output
    return demo


def test_multi_instance_puts_one_item_per_student_in_the_inbox(test_processes, api):
    school = api("school")
    students = [{"name": "张三"}, {"name": "李四"}, {"name": "王五"}]
    started = {
        "id": start_with(test_processes, "student_grading", "school", {"students": students})
    }
    items = inbox(school, process="student_grading")
    assert sorted(i["name"] for i in items) == [
        "评分（第 1 项）",
        "评分（第 2 项）",
        "评分（第 3 项）",
    ]
    refused = complete(school, items[0]["id"], {"score": 101}, status=422)
    assert "分数" in refused["fields"]["score"]
    for item, score in zip(sorted(items, key=lambda i: i["name"]), [90, 70, 80], strict=True):
        assert school.get(f"/api/v1/instances/{started['id']}").get_json()["status"] == "running"
        complete(school, item["id"], {"score": score})
    body = school.get(f"/api/v1/instances/{started['id']}").get_json()
    assert body["status"] == "completed"
    assert body["data"]["scores"] == [90, 70, 80] and body["data"]["average"] == 80


@pytest.mark.parametrize(
    ("score", "grade"), [(95, "优秀"), (90, "优秀"), (89, "合格"), (60, "合格"), (59, "不合格")]
)
def test_decision_table_grades_before_a_person_confirms(test_processes, api, score, grade):
    school = api("school")
    started_id = start_with(test_processes, "grade_report", "school", {"score": score})
    started = school.get(f"/api/v1/instances/{started_id}").get_json()
    assert [t["name"] for t in started["tasks"]] == ["确认等级"]
    assert started["data"]["grade"] == grade
    complete(school, started["tasks"][0]["id"], {})
    assert school.get(f"/api/v1/instances/{started['id']}").get_json()["status"] == "completed"
