"""Background jobs: queue one, claim it exactly once (like the timers), run it with progress.

A claim is a conditional UPDATE on the job's `attempts`, which every claim increments: it is the
claim token. Whoever holds the current token owns the job; every later write (progress, done,
failed, back to the queue) is conditional on it, so a worker whose job was reclaimed finds out at
its next write and stops without applying anything. A running job whose heartbeat is older than
STALE belongs to a killed worker and is claimed again.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import timedelta

from sqlalchemy import and_, or_, select, update

from webapp.clock import Clock
from webapp.errors import DomainError, NotFound
from webapp.extensions import db
from webapp.models import User
from webapp.models.scope import acts_for_province

from .models import BackgroundJob

log = logging.getLogger(__name__)
STALE = timedelta(minutes=2)
MAX_CLAIM_TRIES = 10  # lost races in a row before giving up this round

Progress = Callable[..., None]
Runner = Callable[[BackgroundJob, Progress], dict]
RUNNERS: dict[str, Runner] = {}


class JobLost(Exception):
    """The job was reclaimed from this worker (its heartbeat went stale): stop, apply nothing."""


def register(kind: str) -> Callable[[Runner], Runner]:
    """Decorator: `@register("import_students")` makes the function the runner of that kind."""

    def decorate(fn: Runner) -> Runner:
        if not kind or len(kind) > 50:
            raise ValueError(f"job kind must be 1–50 characters: {kind!r}")
        if kind in RUNNERS:
            raise ValueError(f"job kind {kind!r} is already registered")
        RUNNERS[kind] = fn
        return fn

    return decorate


def unregister(kind: str) -> None:
    RUNNERS.pop(kind, None)


def enqueue(
    kind: str, params: dict, clock: Clock, user: User | None = None, school_id: int | None = None
) -> BackgroundJob:
    """Queue a job (adds and flushes; the caller commits)."""
    if kind not in RUNNERS:
        raise ValueError(f"no runner registered for job kind {kind!r}")
    job = BackgroundJob(
        kind=kind,
        params=params,
        state="queued",
        progress=0,
        message="",
        attempts=0,
        created_at=clock.now(),
        created_by_id=user.id if user else None,
        school_id=school_id,
    )
    db.session.add(job)
    db.session.flush()
    return job


def get_visible(job_id: int, user: User) -> BackgroundJob:
    """The job, if the user created it, acts for the province or is an administrator."""
    job = db.session.get(BackgroundJob, job_id)
    if job is None or not (
        job.created_by_id == user.id or user.role == "admin" or acts_for_province(user)
    ):
        raise NotFound("后台任务不存在或您无权查看。")
    return job


def _claimable(clock: Clock):
    stale_before = clock.now() - STALE
    return or_(
        BackgroundJob.state == "queued",
        and_(
            BackgroundJob.state == "running",
            or_(BackgroundJob.heartbeat_at.is_(None), BackgroundJob.heartbeat_at < stale_before),
        ),
    )


def _candidate(clock: Clock):
    query = (
        select(BackgroundJob.id, BackgroundJob.attempts, BackgroundJob.max_attempts)
        .where(_claimable(clock))
        .order_by(BackgroundJob.created_at, BackgroundJob.id)
        .limit(1)
    )
    if db.engine.dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)
    return db.session.execute(query).first()


def _owned_update(job_id: int, token: int, values: dict, *conditions) -> bool:
    """Write to the job only if `token` is still its `attempts` (its claim token); True if so."""
    done = db.session.execute(
        update(BackgroundJob)
        .where(BackgroundJob.id == job_id, BackgroundJob.attempts == token, *conditions)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    return done.rowcount == 1


def _claim(job_id: int, attempts: int, worker: str, clock: Clock) -> bool:
    """Take the job if nobody took it since `attempts` was read (does not commit)."""
    now = clock.now()
    claim = {
        "state": "running",
        "attempts": attempts + 1,
        "claimed_by": worker[:100],
        "heartbeat_at": now,
        "started_at": now,
        "progress": 0,
        "total": None,
        "message": "",
        "error": None,
    }
    return _owned_update(job_id, attempts, claim, _claimable(clock))


def _gave_up(attempts: int) -> str:
    return f"处理失败（已重试 {attempts} 次），请联系管理员。"


def claim_next(worker: str, clock: Clock) -> BackgroundJob | None:
    """Claim the oldest queued (or abandoned) job for `worker` and commit the claim; a job that
    already used its attempts is marked failed instead. None when there is nothing to claim."""
    for _ in range(MAX_CLAIM_TRIES):
        found = _candidate(clock)
        if found is None:
            db.session.rollback()
            return None
        job_id, attempts, max_attempts = found
        if attempts >= max_attempts:  # its worker died on the last attempt
            failed = {"state": "failed", "error": _gave_up(attempts), "finished_at": clock.now()}
            _owned_update(job_id, attempts, failed, _claimable(clock))
            db.session.commit()
            continue
        if _claim(job_id, attempts, worker, clock):
            db.session.commit()
            return db.session.get(BackgroundJob, job_id)
        db.session.rollback()  # another worker took it first
    return None


def _progress_for(job_id: int, attempts: int, clock: Clock) -> Progress:
    def progress(done: int, total: int | None = None, message: str = "") -> None:
        values: dict = {"progress": done, "heartbeat_at": clock.now()}
        if total is not None:
            values["total"] = total
        if message:
            values["message"] = message[:300]
        if not _owned_update(job_id, attempts, values, BackgroundJob.state == "running"):
            raise JobLost(f"job {job_id} was reclaimed")
        db.session.commit()

    return progress


def _settle(job_id: int, attempts: int, **values) -> bool:
    settled = _owned_update(job_id, attempts, values, BackgroundJob.state == "running")
    db.session.commit()
    return settled


def run(job: BackgroundJob, clock: Clock) -> str:
    """Run a claimed job; returns 'done', 'failed', 'queued' (to be retried) or 'lost'.

    The runner contract: `fn(job, progress) -> dict` (the result, JSON-serialisable).
    - `progress(done, total=None, message="")` records progress, beats the heart and COMMITS the
      session, so a runner commits its batches by calling it, at least once every STALE.
    - A runner must be restartable from scratch (after a killed worker or an error it runs again)
      and must never leave half-applied state: what its batches commit must be safe to redo (checks,
      staging rows keyed by the job and cleared on start); the final apply is left uncommitted and
      is committed here in one transaction with the job's 'done', so it happens exactly once.
    - A DomainError fails the job with its (Chinese) message, not retried; any other exception is
      rolled back and retried until max_attempts. Never catch JobLost.
    """
    job_id, attempts = job.id, job.attempts
    fn = RUNNERS.get(job.kind)
    try:
        if fn is None:
            raise DomainError("系统无法处理此类后台任务，请联系管理员。")
        result = fn(job, _progress_for(job_id, attempts, clock))
        done = {"state": "done", "result": result, "finished_at": clock.now()}
        if not _owned_update(job_id, attempts, done, BackgroundJob.state == "running"):
            raise JobLost(f"job {job_id} was reclaimed")
        db.session.commit()
        return "done"
    except JobLost:
        db.session.rollback()
        log.warning("background job %s was reclaimed from this worker", job_id)
        return "lost"
    except DomainError as error:
        db.session.rollback()
        _settle(job_id, attempts, state="failed", error=error.message, finished_at=clock.now())
        return "failed"
    except Exception:  # a broken job must never stop the worker
        db.session.rollback()
        log.exception("background job %s failed (attempt %s)", job_id, attempts)
        return _retry_or_fail(job_id, attempts, clock)


def _retry_or_fail(job_id: int, attempts: int, clock: Clock) -> str:
    job = db.session.get(BackgroundJob, job_id)
    if attempts >= job.max_attempts:
        _settle(job_id, attempts, state="failed", error=_gave_up(attempts), finished_at=clock.now())
        return "failed"
    _settle(
        job_id,
        attempts,
        state="queued",
        claimed_by=None,
        heartbeat_at=None,
        message=f"处理出错，等待第 {attempts + 1} 次尝试。",
    )
    return "queued"


def run_pending(worker: str, clock: Clock, limit: int | None = None) -> int:
    """Claim and run jobs one at a time until none is left (or `limit` ran); how many ran."""
    count = 0
    while limit is None or count < limit:
        job = claim_next(worker, clock)
        if job is None:
            break
        run(job, clock)
        count += 1
    return count
