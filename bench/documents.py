"""Workload 5: official PDF documents.

There is no rectification-notice template yet: its stand-in is `approval_decision` (批复), an
official notice of the same GB/T 9704 layout. There is no certificate either: 250 certificates
are stood in for by 250 `approval_decision` documents issued in one batch. Issuing is the whole
path a user waits for (verification code, QR, PDF, stored file, row, history event); rendering
alone is `render_pdf`. Baseline: the same renderer printing a one-paragraph CJK page.
Sample contexts come from tests/documents/samples.py.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

from jinja2 import DictLoader, Environment

from bench.common import figure, log, ms, run_module, summary
from bench.fixtures import START, database_url, load_province, make_app
from bench.profiling import profile
from tests.documents import samples

GOALS = {"notice_s": 0.5, "batch_250_s": 60.0}
TEMPLATE = "internship_approval/documents/approval_decision.html"
FOLDERS = (
    str(Path(__file__).resolve().parents[1] / "webapp/processes/internship_approval/templates"),
)
MINIMAL = {
    "minimal.html": "<html lang='zh-CN'><body style='font-family: \"Noto Serif CJK SC\"'>"
    "<p>辽宁省教育厅：这是一页只有一段文字的文件。</p></body></html>"
}


def _render(context: dict, template: str = TEMPLATE, env: Environment | None = None) -> bytes:
    from webapp.documents import render_pdf

    return render_pdf(template, context, jinja_env=env, folders=FOLDERS)


def _issue(app, clock, number: int) -> int:
    from webapp.documents import issue

    document = issue(
        "approval_decision",
        samples.decision()["title"],
        TEMPLATE,
        samples.decision(),
        instance_id=None,
        school_id=None,
        issuer="沈阳市教育局",
        subject="沈阳市装备制造工程学校 岗位实习备案",
        clock=clock,
        upload_dir=app.config["UPLOAD_DIR"],
        base_url=app.config["BASE_URL"],
        doc_number=f"沈教职成备〔2026〕{number}号",
    )
    return document.size


def measure(quick: bool, force_profile: bool) -> dict:
    from webapp.clock import ManualClock
    from webapp.extensions import db

    reps, batch = (6, 15) if quick else (20, 250)
    preview = {**samples.decision(), **samples.issue_facts()}
    minimal_env = Environment(loader=DictLoader(MINIMAL), autoescape=True)
    cold = time.perf_counter()
    size = len(_render(preview))  # the first render also imports WeasyPrint and loads fonts
    cold = time.perf_counter() - cold
    render, minimal = [], []
    for _ in range(reps):
        minimal.append(ms(_timed(lambda: _render({}, "minimal.html", minimal_env))))
        render.append(ms(_timed(lambda: _render(preview))))
    with tempfile.TemporaryDirectory(prefix="bench-documents-") as tmp:
        clock = ManualClock(START)
        app = make_app(database_url("sqlite", "bench_documents", Path(tmp)), Path(tmp), clock)
        with app.app_context():
            load_province()
            issued = [ms(_timed(lambda n=n: _issue(app, clock, n))) for n in range(reps)]
            db.session.commit()
            log(f"documents: issuing {batch} in one batch")
            started = time.perf_counter()
            sizes = [_issue(app, clock, 1000 + n) for n in range(batch)]
            db.session.commit()
            batch_s = time.perf_counter() - started
            profiles = []
            notice = statistics.median(issued) / 1000
            if force_profile or not quick:  # cheap, and the batch has little room
                profiles.append(
                    profile(
                        lambda: [_issue(app, clock, 5000 + n) for n in range(5)],
                        "5 approval_decision documents issued",
                    )
                )
            db.session.rollback()
            db.engine.dispose()
    base = statistics.median(minimal)
    return {
        "stand_ins": {
            "rectification notice": "approval_decision (same official-notice layout)",
            "certificate": "approval_decision",
        },
        "figures": {
            "notice_issue_s": figure(
                notice,
                "s",
                GOALS["notice_s"],
                baseline=base / 1000,
                baseline_name="one-paragraph CJK page, same renderer",
            ),
            "notice_render_s": figure(
                statistics.median(render) / 1000,
                "s",
                baseline=base / 1000,
                baseline_name="one-paragraph CJK page, same renderer",
            ),
            "batch_250_s": figure(
                batch_s * 250 / batch,
                "s",
                GOALS["batch_250_s"],
                measured_count=batch,
                measured_s=batch_s,
            ),
            "first_render_in_process_s": figure(cold, "s"),
        },
        "render_ms": summary(render),
        "issue_ms": summary(issued),
        "minimal_ms": summary(minimal),
        "pdf_bytes": {"notice": size, "batch_median": statistics.median(sizes)},
        "profiles": profiles,
    }


def _timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


if __name__ == "__main__":
    run_module("documents", __doc__.splitlines()[0], measure)
