"""Call activities across files, boundary error and escalation events."""

from __future__ import annotations

from tests.engine.scenario import deploy

PROCESSES = deploy("inspection.bpmn", "site_check.bpmn")
INSPECTION = PROCESSES["inspection"]


def test_call_activity_runs_the_called_process_from_another_file(drive):
    driver = drive(INSPECTION, {"school": "一中"})
    task = driver.task("inspect_site")
    assert (task.process_key, task.lane, task.data) == ("site_check", "检查组", {"school": "一中"})
    driver.complete("inspect_site", {"passed": True, "findings": "良好"})
    task = driver.task("follow_up")
    assert task.process_key == "inspection"
    assert task.data["findings"] == "良好"
    driver.complete("follow_up")
    assert driver.run.is_completed


def test_error_end_event_in_called_process_is_caught_by_boundary(drive):
    driver = drive(INSPECTION, {"school": "一中"})
    driver.complete("inspect_site", {"passed": False})
    assert driver.ready() == ["handle_rejection"]
    states = driver.run.step_states()
    assert states["check_rejected"] == "completed"
    assert states["site_failed"] == "completed"
    driver.complete("handle_rejection")
    assert driver.run.is_completed
    assert driver.run.step_states()["end_rejected"] == "completed"


def test_user_tasks_of_called_processes_are_listed_at_deploy():
    listed = {(t.id, t.lane, t.process_key) for t in INSPECTION.user_tasks}
    assert listed == {
        ("follow_up", None, "inspection"),
        ("handle_rejection", None, "inspection"),
        ("inspect_site", "检查组", "site_check"),
    }
    assert "site_check" in INSPECTION.spec_json
    assert 'id="call_site_check"' in INSPECTION.bpmn_xml


def test_escalation_thrown_in_subprocess_reaches_non_interrupting_boundary(drive):
    process = deploy("rectification.bpmn")["rectification"]
    driver = drive(process, {"days_used": 40})
    task = driver.task("report_progress")
    # a task of an embedded subprocess belongs to the process that holds it (forms, inbox)
    assert task.process_key == "rectification"
    driver.complete("report_progress")
    assert driver.ready() == ["finish_rectification", "notify_supervisor"]
    driver.complete("notify_supervisor")
    assert driver.ready() == ["finish_rectification"]
    driver.complete("finish_rectification")
    assert driver.run.is_completed
