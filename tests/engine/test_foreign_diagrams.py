"""Diagrams from other modelers: what can never run is refused at deploy, in Chinese, naming the
element; what fails on the data at run time is a ScriptError naming the element (never a crash)."""

from __future__ import annotations

import re

import pytest

from tests.engine.scenario import DIAGRAMS
from webapp.engine import DeployError, ScriptError, parse_files, start

MODELERS = DIAGRAMS / "modelers"
CJK = re.compile(r"[\u4e00-\u9fff]")


def refused(name: str) -> DeployError:
    with pytest.raises(DeployError) as caught:
        parse_files([MODELERS / name])
    error = caught.value
    assert CJK.match(error.message), error.message  # a Chinese explanation comes first
    assert "<" not in error.message and "object at" not in error.message  # no Python repr
    return error


@pytest.mark.parametrize(
    "name",
    [
        "service_camunda_class.bpmn",
        "service_camunda_expression.bpmn",
        "service_spiff_operator.bpmn",
    ],
)
def test_a_service_task_is_refused_saying_to_use_a_user_or_script_task(name):
    error = refused(name)
    assert error.element in ("charge", "lookup")
    assert "服务任务" in error.message and "不支持" in error.message
    assert "用户任务" in error.message and "脚本任务" in error.message


def test_a_script_task_without_an_inline_script_is_refused():
    error = refused("script_without_script.bpmn")
    assert error.element == "calc"
    assert "“计算”" in error.message and "没有脚本" in error.message
    assert "camunda:resource" in error.message


def test_a_script_task_in_another_language_is_refused(tmp_path):
    text = (MODELERS / "script_with_prescript.bpmn").read_text(encoding="utf-8")
    text = text.replace(
        '<bpmn:scriptTask id="calc" name="计算">',
        '<bpmn:scriptTask id="calc" name="计算" scriptFormat="javascript">',
    )
    path = tmp_path / "script_with_prescript.bpmn"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DeployError) as caught:
        parse_files([path])
    assert caught.value.element == "calc"
    assert "javascript" in caught.value.message and "Python" in caught.value.message


def test_a_pre_script_on_a_script_task_is_refused_since_it_would_never_run():
    error = refused("script_with_prescript.bpmn")
    assert error.element == "calc"
    assert "preScript" in error.message and "不会执行" in error.message


def test_a_camunda_collection_is_explained_in_chinese_before_the_parser_text():
    error = refused("camunda_collection.bpmn")
    assert error.element == "review"
    assert "camunda:collection" in error.message and "loopDataInputRef" in error.message


def test_a_parallel_multi_instance_without_its_collection_fails_naming_the_element(clock):
    (process,) = parse_files([MODELERS / "parallel_mi_collection.bpmn"])
    with pytest.raises(ScriptError) as caught:
        start(process.spec_json, {}, clock)
    error = caught.value
    assert error.element == "review"
    assert "“评审”" in error.message and "reviewers" in error.message
    assert error.run is not None  # the run as it stood, for an incident
    assert error.task_id


def test_the_same_multi_instance_runs_once_its_collection_is_given(clock):
    (process,) = parse_files([MODELERS / "parallel_mi_collection.bpmn"])
    run = start(process.spec_json, {"reviewers": ["张三", "李四"]}, clock)
    assert sorted(t.data["reviewer"] for t in run.ready_user_tasks()) == ["张三", "李四"]


def test_a_failed_start_can_be_retried_after_the_data_is_fixed(clock):
    (process,) = parse_files([MODELERS / "parallel_mi_collection.bpmn"])
    with pytest.raises(ScriptError) as caught:
        start(process.spec_json, {}, clock)
    run = caught.value.run
    run.retry(caught.value.task_id, {"reviewers": ["王五"]})
    assert [t.data["reviewer"] for t in run.ready_user_tasks()] == ["王五"]
