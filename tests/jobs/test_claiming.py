"""Each job runs exactly once: one claimer wins, a killed worker's job is taken over, and a worker
that lost its job applies nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.jobs.conftest import applied, apply_once, elsewhere, job_state
from webapp import jobs
from webapp.extensions import db
from webapp.jobs.service import _candidate, _claim


def test_a_job_runs_once_and_keeps_its_result(demo, clock, runner, queue):
    calls = []

    def count(job, progress):
        calls.append(job.params)
        apply_once()
        return {"rows": job.params["rows"]}

    runner("t_count", count)
    job_id = queue("t_count", rows=3)
    assert job_state(demo, job_id).state_label == "排队中"

    with demo.app_context():
        assert jobs.run_pending("w1", clock) == 1
        assert jobs.run_pending("w1", clock) == 0

    job = job_state(demo, job_id)
    assert (job.state, job.state_label, job.result) == ("done", "已完成", {"rows": 3})
    assert (job.attempts, job.claimed_by, job.finished_at) == (1, "w1", clock.now())
    assert calls == [{"rows": 3}] and applied(demo) == 1


def test_of_two_claimers_only_one_gets_the_job(demo, clock, runner, queue):
    runner("t_noop", lambda job, progress: {})
    job_id = queue("t_noop")
    with demo.app_context():
        # Both schedulers read the same candidate before either claims it.
        seen_by_a = tuple(_candidate(clock))
        seen_by_b = tuple(_candidate(clock))
        assert seen_by_a == seen_by_b == (job_id, 0, 3)
        assert _claim(job_id, 0, "a", clock) is True
        db.session.commit()
        assert _claim(job_id, 0, "b", clock) is False
        db.session.rollback()
        assert jobs.claim_next("b", clock) is None  # running, heartbeat fresh
    job = job_state(demo, job_id)
    assert (job.state, job.claimed_by, job.attempts) == ("running", "a", 1)


class Killed(BaseException):
    """The worker process dies: nothing after this point happens, nothing uncommitted stays."""


def test_a_killed_workers_job_is_taken_over_and_applied_once(demo, clock, runner, queue):
    def apply_all(job, progress):
        progress(1, 3, "校验中")
        apply_once()
        if job.claimed_by == "doomed":
            raise Killed
        progress(3, 3, "写入中")
        return {"applied": True}

    runner("t_apply", apply_all)
    job_id = queue("t_apply")
    with demo.app_context():
        job = jobs.claim_next("doomed", clock)
        with pytest.raises(Killed):
            jobs.run(job, clock)
        db.session.rollback()  # the dead process's transaction never commits

        assert jobs.claim_next("other", clock) is None  # not stale yet
        clock.advance(jobs.STALE + timedelta(seconds=1))
        job = jobs.claim_next("other", clock)
        assert (job.id, job.attempts, job.progress) == (job_id, 2, 0)
        assert jobs.run(job, clock) == "done"

    job = job_state(demo, job_id)
    assert (job.state, job.claimed_by, job.result) == ("done", "other", {"applied": True})
    assert applied(demo) == 1


def test_a_worker_that_lost_its_job_applies_nothing(demo, app, clock, runner, queue):
    """A worker stalls past STALE; another takes the job over and finishes it; when the first one
    wakes up, its finish is refused and its apply rolled back."""

    def take_over():
        clock.advance(jobs.STALE + timedelta(seconds=1))
        with app.app_context():
            assert jobs.run(jobs.claim_next("fast", clock), clock) == "done"

    def apply_all(job, progress):
        progress(1, 2)
        if job.claimed_by == "slow":
            elsewhere(take_over)
        apply_once()
        return {"by": job.claimed_by}

    runner("t_slow", apply_all)
    job_id = queue("t_slow")
    with demo.app_context():
        job = jobs.claim_next("slow", clock)
        assert jobs.run(job, clock) == "lost"

    job = job_state(demo, job_id)
    assert (job.state, job.result, job.attempts) == ("done", {"by": "fast"}, 2)
    assert applied(demo) == 1


def test_a_worker_that_lost_its_job_stops_at_its_next_progress(demo, app, clock, runner, queue):
    steps = []

    def slow(job, progress):
        progress(1, 3)
        if job.claimed_by == "slow":
            clock.advance(jobs.STALE + timedelta(seconds=1))
            elsewhere(lambda: _claim_in(app, clock, "fast"))
        steps.append(job.claimed_by)
        progress(2, 3)
        steps.append("after")
        return {}

    runner("t_stop", slow)
    job_id = queue("t_stop")
    with demo.app_context():
        assert jobs.run(jobs.claim_next("slow", clock), clock) == "lost"
    assert steps == ["slow"]
    job = job_state(demo, job_id)
    assert (job.state, job.claimed_by, job.progress) == ("running", "fast", 0)


def _claim_in(app, clock, worker: str) -> None:
    with app.app_context():
        assert jobs.claim_next(worker, clock) is not None


def test_a_job_whose_worker_died_on_its_last_attempt_fails(demo, clock, runner, queue):
    runner("t_dies", lambda job, progress: {})
    job_id = queue("t_dies")
    with demo.app_context():
        for _ in range(3):
            assert jobs.claim_next("mortal", clock).id == job_id
            clock.advance(jobs.STALE + timedelta(seconds=1))
        assert jobs.claim_next("mortal", clock) is None
    job = job_state(demo, job_id)
    assert (job.state, job.state_label, job.attempts) == ("failed", "失败", 3)
    assert job.error == "处理失败（已重试 3 次），请联系管理员。"


def test_jobs_are_claimed_oldest_first(demo, clock, runner, queue):
    runner("t_order", lambda job, progress: {})
    first = queue("t_order")
    clock.advance(timedelta(seconds=1))
    second = queue("t_order")
    with demo.app_context():
        assert [jobs.claim_next("w", clock).id for _ in range(2)] == [first, second]


def test_a_kind_cannot_be_registered_twice_nor_an_unknown_one_queued(demo, clock, runner):
    runner("t_once", lambda job, progress: {})
    with pytest.raises(ValueError, match="already registered"):
        jobs.register("t_once")(lambda job, progress: {})
    with demo.app_context(), pytest.raises(ValueError, match="no runner"):
        jobs.enqueue("t_nobody", {}, clock)
