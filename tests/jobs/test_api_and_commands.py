"""A job seen from outside: its progress over the API while it runs, who may see it, and the
`flask jobs` commands and scheduler entry point that run it."""

from __future__ import annotations

from scheduler.jobs import run_pending
from tests.jobs.conftest import elsewhere, job_state
from webapp.jobs.cli import jobs_cli


def test_progress_is_visible_through_the_api_while_running(demo, clock, runner, queue, api):
    school = api("school")
    seen = []

    def look(job_id: int) -> None:
        response = elsewhere(lambda: school.get(f"/api/v1/jobs/{job_id}"))
        assert response.status_code == 200
        seen.append({k: response.get_json()[k] for k in ("state", "progress", "total", "message")})

    def import_rows(job, progress):
        look(job.id)
        progress(10, 30, "已校验 10 行")
        look(job.id)
        progress(30, message="已校验 30 行")
        look(job.id)
        return {"imported": 30}

    runner("t_import", import_rows)
    job_id = queue("t_import", username="school", file="学生.xlsx")
    assert run_pending(demo, clock, worker="w") == 1

    assert seen == [
        {"state": "running", "progress": 0, "total": None, "message": ""},
        {"state": "running", "progress": 10, "total": 30, "message": "已校验 10 行"},
        {"state": "running", "progress": 30, "total": 30, "message": "已校验 30 行"},
    ]
    answer = school.get(f"/api/v1/jobs/{job_id}").get_json()
    assert answer == {
        "id": job_id,
        "kind": "t_import",
        "state": "done",
        "state_label": "已完成",
        "progress": 30,
        "total": 30,
        "message": "已校验 30 行",
        "result": {"imported": 30},
        "error": None,
        "created_at": clock.now().isoformat(),
        "started_at": clock.now().isoformat(),
        "finished_at": clock.now().isoformat(),
    }


def test_only_its_creator_the_province_and_admins_see_a_job(demo, runner, queue, api):
    runner("t_seen", lambda job, progress: {})
    job_id = queue("t_seen", username="school")
    for username in ("school", "province", "admin"):
        response = api(username).get(f"/api/v1/jobs/{job_id}")
        assert response.status_code == 200, username
        assert response.get_json()["state_label"] == "排队中"
    for username in ("school2", "city", "expert"):
        response = api(username).get(f"/api/v1/jobs/{job_id}")
        assert response.status_code == 404, username
        assert response.get_json()["message"] == "后台任务不存在或您无权查看。"
    assert api("school").get(f"/api/v1/jobs/{job_id + 1}").status_code == 404
    assert demo.test_client().get(f"/api/v1/jobs/{job_id}").status_code == 401


def test_the_run_command_runs_every_pending_job_and_list_shows_them(demo, runner, queue):
    runner("t_cli", lambda job, progress: {"ok": True})
    first, second = queue("t_cli"), queue("t_cli")
    cli = demo.test_cli_runner()

    result = cli.invoke(jobs_cli, ["run"])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "已运行 2 个后台任务"
    assert job_state(demo, first).state == job_state(demo, second).state == "done"

    listed = cli.invoke(jobs_cli, ["list", "--state", "done"])
    assert listed.exit_code == 0, listed.output
    lines = listed.output.splitlines()
    assert [line.split("\t")[:3] for line in lines] == [
        [str(second), "t_cli", "已完成"],
        [str(first), "t_cli", "已完成"],
    ]
    assert cli.invoke(jobs_cli, ["list", "--state", "queued"]).output == ""


def test_the_scheduler_entry_point_honours_its_limit(demo, clock, runner, queue):
    runner("t_limit", lambda job, progress: {})
    ids = [queue("t_limit") for _ in range(3)]
    assert run_pending(demo, clock, worker="w", limit=2) == 2
    assert [job_state(demo, i).state for i in ids] == ["done", "done", "queued"]
    assert run_pending(demo, clock) == 1
    assert ":" in job_state(demo, ids[2]).claimed_by  # host:pid by default


def test_answers_match_the_documented_shape(demo, clock, runner, queue, api):
    """The contract test finds no jobs to read; check a queued, a done and a failed one here."""
    from jsonschema import Draft202012Validator

    from webapp.api.openapi_schemas import ANSWERS
    from webapp.errors import RuleViolation

    def refuse(job, progress):
        raise RuleViolation("文件为空。")

    runner("t_shape_ok", lambda job, progress: {"rows": 1})
    runner("t_shape_bad", refuse)
    ids = [queue("t_shape_ok"), queue("t_shape_bad")]
    validator = Draft202012Validator(ANSWERS["GET /jobs/{job_id}"])
    school = api("school")
    answers = [school.get(f"/api/v1/jobs/{i}").get_json() for i in ids]
    run_pending(demo, clock, worker="w")
    answers += [school.get(f"/api/v1/jobs/{i}").get_json() for i in ids]
    for answer in answers:
        validator.validate(answer)
    assert [a["state"] for a in answers] == ["queued", "queued", "done", "failed"]
    assert answers[3]["error"] == "文件为空。"
