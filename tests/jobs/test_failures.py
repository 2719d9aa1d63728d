"""A job's runner fails: a domain error fails it at once with its message; anything else is
rolled back and retried, then failed after max_attempts."""

from __future__ import annotations

import logging

from tests.jobs.conftest import applied, apply_once, job_state
from webapp import jobs
from webapp.errors import RuleViolation


def test_a_domain_error_fails_the_job_with_its_message(demo, clock, runner, queue):
    def refuse(job, progress):
        apply_once()
        raise RuleViolation("第 3 行：身份证号格式不正确。")

    runner("t_refuse", refuse)
    job_id = queue("t_refuse")
    with demo.app_context():
        assert jobs.run_pending("w", clock) == 1
        assert jobs.run_pending("w", clock) == 0  # not retried
    job = job_state(demo, job_id)
    assert (job.state, job.error, job.attempts) == ("failed", "第 3 行：身份证号格式不正确。", 1)
    assert job.finished_at == clock.now() and job.result is None
    assert applied(demo) == 0


def test_an_unexpected_error_is_retried_then_fails(demo, clock, runner, queue, caplog):
    attempts = []

    def broken(job, progress):
        attempts.append(job.attempts)
        progress(1, 2)  # commits: the batches before the error stay, the apply does not
        apply_once()
        raise RuntimeError("disk full")

    runner("t_broken", broken)
    job_id = queue("t_broken")
    with demo.app_context(), caplog.at_level(logging.ERROR):
        job = jobs.claim_next("w", clock)
        assert jobs.run(job, clock) == "queued"
        queued = job_state(demo, job_id)
        assert (queued.state, queued.claimed_by, queued.error) == ("queued", None, None)
        assert queued.message == "处理出错，等待第 2 次尝试。"
        assert jobs.run_pending("w", clock) == 2

    assert attempts == [1, 2, 3]
    assert "disk full" in caplog.text
    job = job_state(demo, job_id)
    assert (job.state, job.attempts) == ("failed", 3)
    assert job.error == "处理失败（已重试 3 次），请联系管理员。"
    assert "disk full" not in job.error
    assert applied(demo) == 0


def test_a_retried_job_can_succeed(demo, clock, runner, queue):
    def flaky(job, progress):
        if job.attempts == 1:
            raise ConnectionError("database went away")
        apply_once()
        return {"attempt": job.attempts}

    runner("t_flaky", flaky)
    job_id = queue("t_flaky")
    with demo.app_context():
        assert jobs.run_pending("w", clock) == 2
    job = job_state(demo, job_id)
    assert (job.state, job.result, job.error) == ("done", {"attempt": 2}, None)
    assert applied(demo) == 1


def test_a_job_of_an_unknown_kind_fails(demo, clock, runner, queue):
    runner("t_gone", lambda job, progress: {})
    job_id = queue("t_gone")
    jobs.unregister("t_gone")  # e.g. this scheduler runs an older release
    with demo.app_context():
        assert jobs.run_pending("w", clock) == 1
    job = job_state(demo, job_id)
    assert (job.state, job.error) == ("failed", "系统无法处理此类后台任务，请联系管理员。")
