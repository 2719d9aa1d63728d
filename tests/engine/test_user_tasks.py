"""User tasks, lanes, properties, exclusive and parallel gateways, multi-instance."""

from __future__ import annotations

import pytest

from tests.engine.scenario import deploy
from webapp.engine import TaskNotReady

LEAVE = deploy("leave_request.bpmn")["leave_request"]


def test_first_task_has_lane_properties_and_start_data(drive):
    driver = drive(LEAVE, {"days": 3})
    task = driver.task("submit_request")
    assert (task.name, task.lane, task.process_key) == ("提交申请", "学校", "leave_request")
    assert task.properties == {"formKey": "leave/submit", "dueIn": "P5D"}
    assert task.data == {"days": 3}
    assert task.multi_instance_index is None


def test_post_and_pre_scripts_run_around_user_tasks(drive):
    driver = drive(LEAVE, {"days": 3})
    driver.complete("submit_request", {"reason": "病假"})
    task = driver.task("review_request")
    assert task.lane == "市教育局"
    assert task.data == {"days": 3, "reason": "病假", "hours": 24, "review_note": "3 天"}


@pytest.mark.parametrize(
    ("decision", "ready_after", "completed", "data_key"),
    [
        ("approve", [], "end_approved", "approved_days"),
        ("reject", [], "end_rejected", None),
        ("other", ["revise_request"], None, None),  # default flow
    ],
)
def test_exclusive_gateway_branches(drive, decision, ready_after, completed, data_key):
    driver = drive(LEAVE, {"days": 2})
    driver.complete("submit_request")
    driver.complete("review_request", {"decision": decision})
    assert driver.ready() == ready_after
    assert driver.run.is_completed is (completed is not None)
    if completed:
        assert driver.run.step_states()[completed] == "completed"
    if data_key:
        assert driver.run.data[data_key] == 2


def test_default_flow_task_is_in_its_lane_and_finishes(drive):
    driver = drive(LEAVE, {"days": 2})
    driver.complete("submit_request")
    driver.complete("review_request", {"decision": "unsure"})
    assert driver.task("revise_request").lane == "学校"
    driver.complete("revise_request")
    assert driver.run.is_completed
    assert driver.run.step_states()["end_returned"] == "completed"


def test_step_states_mark_done_and_ready_elements(drive):
    driver = drive(LEAVE, {"days": 2})
    driver.complete("submit_request")
    states = driver.run.step_states()
    assert states["start"] == "completed"
    assert states["submit_request"] == "completed"
    assert states["review_request"] == "ready"
    assert "decide" not in states


def test_completing_a_task_twice_or_an_unknown_task_is_refused(drive):
    driver = drive(LEAVE, {"days": 2})
    task = driver.task("submit_request")
    driver.complete("submit_request", task=task)
    with pytest.raises(TaskNotReady):
        driver.run.complete_task(task.id, {})
    with pytest.raises(TaskNotReady):
        driver.run.complete_task("not-a-uuid", {})
    with pytest.raises(TaskNotReady):
        driver.run.complete_task("0f9283f3-3bc2-4fe2-af86-7c669c96ca9a", {})


def test_caller_data_is_copied_in(drive):
    attachments = ["a.pdf"]
    driver = drive(LEAVE, {"days": 2})
    driver.complete("submit_request", {"attachments": attachments})
    attachments.append("b.pdf")
    assert driver.task("review_request").data["attachments"] == ["a.pdf"]


def test_parallel_gateway_waits_for_both_branches(drive):
    process = deploy("parallel_review.bpmn")["parallel_review"]
    driver = drive(process)
    assert driver.ready() == ["review_finance", "review_safety"]
    driver.complete("review_safety", {"safety_ok": True})
    assert driver.ready() == ["review_finance"]
    assert not driver.run.is_completed
    driver.complete("review_finance", {"finance_ok": True})
    assert driver.run.is_completed
    assert driver.run.data["all_ok"] is True


def test_parallel_multi_instance_makes_one_task_per_student(drive):
    process = deploy("student_grading.bpmn")["student_grading"]
    driver = drive(process, {"students": ["张三", "李四", "王五"]})
    tasks = driver.run.ready_user_tasks()
    assert [(t.multi_instance_index, t.data["student"]) for t in tasks] == [
        (0, "张三"),
        (1, "李四"),
        (2, "王五"),
    ]
    for task, score in zip(tasks, [90, 70, 80], strict=True):
        driver.complete("grade_student", {"score": score}, task=task)
    assert driver.run.is_completed
    assert driver.run.data["scores"] == [90, 70, 80]
    assert driver.run.data["average"] == 80
    assert "student" not in driver.run.data


def test_unfinished_run_data_merges_completed_tasks(drive):
    process = deploy("student_grading.bpmn")["student_grading"]
    driver = drive(process, {"students": ["张三", "李四"]})
    first = driver.run.ready_user_tasks()[0]
    driver.complete("grade_student", {"score": 90}, task=first)
    data = driver.run.data
    assert data["students"] == ["张三", "李四"]
    assert "student" not in data and "score" not in data
