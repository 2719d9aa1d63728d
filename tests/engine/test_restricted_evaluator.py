"""The restricted evaluator: unsafe expressions are refused at deploy and at run time."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path
from string import Template
from xml.sax.saxutils import escape

import pytest

from tests.engine.scenario import DIAGRAMS, START
from webapp.engine import DeployError, ParsedProcess, ScriptError, parse_files, start

SAFE_SCRIPT = "result = 1"
SAFE_CONDITION = "result == 1"


def expression_diagram(
    tmp_path: Path, script: str = SAFE_SCRIPT, condition: str = SAFE_CONDITION
) -> Path:
    template = Template((DIAGRAMS / "expression_check.bpmn.template").read_text(encoding="utf-8"))
    path = tmp_path / "expression_check.bpmn"
    path.write_text(
        template.substitute(script=escape(script), condition=escape(condition)), "utf-8"
    )
    return path


def deploy_expressions(tmp_path: Path, **expressions: str) -> ParsedProcess:
    (process,) = parse_files([expression_diagram(tmp_path, **expressions)])
    return process


UNSAFE = [
    ("import os", "import"),
    ("from os import path", "import"),
    ("x = ().__class__", "__class__"),
    ("x = result.__class__.__mro__", "__mro__"),
    ("x = __builtins__", "__builtins__"),
    ('x = open("/etc/passwd")', "open"),
    ('x = eval("1")', "eval"),
    ('x = getattr(result, "real")', "getattr"),
    ("x = globals()", "globals"),
    ("x = print(1)", "print"),
    ("x = type(result)", "type"),
    ("x = (i for i in []).gi_frame", "gi_frame"),
    ('x = "{0.__class__}".format(1)', "format"),
    ("x = datetime.now()", "now()"),
    ("global result", "global"),
    ("def f():\n    return 1", "def"),
]


@pytest.mark.parametrize(("source", "reason"), UNSAFE)
def test_unsafe_script_is_refused_at_deploy(tmp_path, source, reason):
    with pytest.raises(DeployError) as caught:
        deploy_expressions(tmp_path, script=source)
    assert caught.value.element == "compute"
    assert caught.value.expression == source
    assert "不允许" in caught.value.message and reason in caught.value.message


@pytest.mark.parametrize("condition", ["().__class__", "eval('1')", "__import__('os')", "input()"])
def test_unsafe_condition_is_refused_at_deploy(tmp_path, condition):
    with pytest.raises(DeployError) as caught:
        deploy_expressions(tmp_path, condition=condition)
    assert (caught.value.element, caught.value.expression) == ("route", condition)


def test_syntax_error_is_refused_at_deploy(tmp_path):
    with pytest.raises(DeployError) as caught:
        deploy_expressions(tmp_path, condition="result ==")
    assert caught.value.element == "route"
    assert "语法错误" in caught.value.message


def test_unknown_function_is_refused_only_when_functions_are_declared(tmp_path):
    path = expression_diagram(tmp_path, condition="is_holiday(result)")
    assert parse_files([path])  # unknown at deploy: may be a domain function
    assert parse_files([path], functions=["is_holiday"])
    with pytest.raises(DeployError) as caught:
        parse_files([path], functions=["add_working_days"])
    assert "is_holiday" in caught.value.message


def with_expression(process: ParsedProcess, safe: str, unsafe: str) -> str:
    """The spec JSON as an older, laxer deployment might have stored it."""
    assert json.dumps(safe) in process.spec_json
    return process.spec_json.replace(json.dumps(safe), json.dumps(unsafe))


def run_to_route(spec_json: str, clock, data: dict | None = None, functions=None):
    run = start(spec_json, data or {}, clock, functions)
    (task,) = run.ready_user_tasks()
    run.complete_task(task.id, {})
    return run


@pytest.mark.parametrize(
    ("safe", "unsafe", "element"),
    [
        (SAFE_CONDITION, "().__class__", "route"),
        (SAFE_CONDITION, "__import__('os').getcwd()", "route"),
        (SAFE_CONDITION, "open('/etc/passwd')", "route"),
        (SAFE_CONDITION, "type(result)", "route"),
        (SAFE_SCRIPT, "import os", "compute"),
        (SAFE_SCRIPT, "result = eval('1')", "compute"),
    ],
)
def test_unsafe_expression_in_stored_spec_fails_at_run_time(tmp_path, clock, safe, unsafe, element):
    spec_json = with_expression(deploy_expressions(tmp_path), safe, unsafe)
    with pytest.raises(ScriptError) as caught:
        run_to_route(spec_json, clock)
    assert caught.value.element == element
    assert "不允许" in caught.value.message


def test_missing_variable_in_gateway_condition_is_a_script_error(tmp_path, clock):
    process = deploy_expressions(tmp_path, condition="approved")
    run = start(process.spec_json, {}, clock)
    with pytest.raises(ScriptError) as caught:
        run.complete_task(run.ready_user_tasks()[0].id, {})
    error = caught.value
    assert error.element == "route"
    assert error.expression == "approved"
    assert "approved 未定义" in error.message
    assert run.step_states()["route"] == "error"


def test_failing_script_names_its_task(tmp_path, clock):
    process = deploy_expressions(tmp_path, script="result = 1 / zero")
    run = start(process.spec_json, {"zero": 0}, clock)
    with pytest.raises(ScriptError) as caught:
        run.complete_task(run.ready_user_tasks()[0].id, {})
    assert caught.value.element == "compute"
    assert "除数为零" in caught.value.message and "计算" in caught.value.message


def test_gateway_with_no_true_condition_and_no_default_is_a_script_error(tmp_path, clock):
    process = deploy_expressions(tmp_path, condition="result == 2")
    spec_json = process.spec_json.replace(
        '"default_task_spec": "end_no"', '"default_task_spec": null'
    )
    with pytest.raises(ScriptError) as caught:
        run_to_route(spec_json, clock)
    assert caught.value.element == "route"
    assert "默认流" in caught.value.message


def test_unknown_function_fails_at_run_time(tmp_path, clock):
    process = deploy_expressions(tmp_path, condition="is_holiday(result)")
    with pytest.raises(ScriptError) as caught:
        run_to_route(process.spec_json, clock)
    assert "is_holiday 未定义" in caught.value.message


def test_safe_builtins_helpers_lambda_and_clock_are_available(tmp_path, clock):
    script = "\n".join(
        [
            "ranked = sorted(scores, key=lambda s: -s)",
            "total = sum(scores)",
            "deadline = date(2026, 3, 2) + timedelta(days=3)",
            "stamp = now()",
            "label = f'{len(scores)} 项'",
            "result = 1 if isinstance(total, int) and max(scores) > 5 else 0",
        ]
    )
    process = deploy_expressions(tmp_path, script=script)
    clock.advance(timedelta(hours=2))
    run = run_to_route(process.spec_json, clock, {"scores": [3, 9, 6]})
    assert run.is_completed
    data = run.data
    assert data["ranked"] == [9, 6, 3]
    assert data["deadline"] == "2026-03-05"
    assert data["stamp"] == (START + timedelta(hours=2)).isoformat()
    assert data["label"] == "3 项"
    assert run.step_states()["end_yes"] == "completed"


def test_task_data_named_like_a_helper_reads_as_data(tmp_path, clock):
    process = deploy_expressions(tmp_path, script="result = 1 if date == '2026-03-02' else 0")
    run = run_to_route(process.spec_json, clock, {"date": "2026-03-02"})
    assert run.step_states()["end_yes"] == "completed"


def test_domain_function_is_callable_from_a_condition(tmp_path, clock):
    process = deploy_expressions(tmp_path, condition="is_urgent(result)")
    run = run_to_route(process.spec_json, clock, functions={"is_urgent": lambda value: value == 1})
    assert run.step_states()["end_yes"] == "completed"


def test_script_can_delete_a_variable(tmp_path, clock):
    process = deploy_expressions(tmp_path, script="result = 1\ndel scratch")
    run = run_to_route(process.spec_json, clock, {"scratch": "x"})
    assert "scratch" not in run.data
