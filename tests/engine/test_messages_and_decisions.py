"""Intermediate message catch events and DMN business rule tasks."""

from __future__ import annotations

import pytest

from tests.engine.scenario import deploy

PAYMENT = deploy("payment.bpmn")["payment"]
GRADING = deploy("grade_report.bpmn", "grading.dmn")["grade_report"]


def test_message_is_delivered_to_the_waiting_catch_event(drive):
    driver = drive(PAYMENT, {"amount": 300})
    assert driver.run.waiting_messages() == []
    driver.complete("submit_invoice")
    (waiting,) = driver.run.waiting_messages()
    assert (waiting.spec_id, waiting.message_name) == ("wait_payment", "payment_received")
    assert driver.ready() == []
    assert driver.send("payment_received", {"paid": 300, "bank": "工商银行"}) is True
    assert driver.run.waiting_messages() == []
    task = driver.task("confirm_payment")
    assert task.data["payment"] == {"paid": 300, "bank": "工商银行"}


def test_message_nobody_waits_for_is_not_delivered(drive):
    driver = drive(PAYMENT, {"amount": 300})
    assert driver.send("payment_received", {"paid": 1}) is False  # not waiting yet
    driver.complete("submit_invoice")
    assert driver.send("refund_requested", {}) is False
    assert driver.run.waiting_messages()[0].message_name == "payment_received"


@pytest.mark.parametrize(
    ("score", "grade"), [(95, "优秀"), (90, "优秀"), (75, "合格"), (12, "不合格")]
)
def test_decision_table_sets_its_output(drive, score, grade):
    driver = drive(GRADING, {"score": score})
    assert driver.task("confirm_grade").data == {"score": score, "grade": grade}
    driver.complete("confirm_grade")
    assert driver.run.data["grade"] == grade


def test_boundary_message_interrupts_the_task_it_is_attached_to(drive):
    process = deploy("complaint.bpmn")["complaint"]
    driver = drive(process)
    (waiting,) = driver.run.waiting_messages()
    assert (waiting.spec_id, waiting.message_name) == ("withdrawn", "complaint_withdrawn")
    assert driver.send("complaint_withdrawn", {"by": "家长"}) is True
    assert driver.ready() == []
    assert driver.run.is_completed
    assert driver.run.data["withdrawn_by"] == "家长"
    assert driver.run.step_states()["end_withdrawn"] == "completed"
