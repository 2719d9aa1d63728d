"""Workload 5 (and 8): official PDF documents.

The notice is the annual inspection's 整改通知书 (`rectification_notice`, GB/T 9704 layout, a
table of failed indicators); the batch is 250 办学资质年检合格证明 (`inspection_certificate`),
one per school of the province's plan (their real names and codes), issued in one batch as the
inspection round does. Issuing is the whole path a user waits for (verification code, QR, PDF,
stored file, row, history event); rendering alone is `render_pdf`. Baseline: the same renderer
printing a one-paragraph CJK page. Bytes per PDF (workload 8) for the notice and for a
三方协议 (`tripartite_agreement` of a minor, tests/documents/samples.py), with their fonts
checked by pdffonts: embedded, subset, with a Unicode map.
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from jinja2 import DictLoader, Environment
from sqlalchemy import select

from bench.common import figure, log, ms, run_module, summary
from bench.fixtures import START, database_url, load_province, make_app
from bench.profiling import profile
from tests.documents import samples
from tests.processes.annual_inspection.test_documents import notice

GOALS = {"notice_s": 0.5, "batch_250_s": 20.0}  # issue 15
GOAL_PDF_BYTES = 100 * 1024
PROCESSES = Path(__file__).resolve().parents[1] / "webapp/processes"
NOTICE = "annual_inspection/documents/rectification_notice.html"
CERTIFICATE = "annual_inspection/documents/inspection_certificate.html"
AGREEMENT = "internship_approval/documents/tripartite_agreement.html"
FOLDERS = tuple(
    str(PROCESSES / name / "templates") for name in ("annual_inspection", "internship_approval")
)
NOTICE_CONTEXT = notice()  # the annual inspection tests' 整改通知书, with its failed indicators
MINIMAL = {
    "minimal.html": "<html lang='zh-CN'><body style='font-family: \"Noto Serif CJK SC\"'>"
    "<p>辽宁省教育厅：这是一页只有一段文字的文件。</p></body></html>"
}


def _render(context: dict, template: str = NOTICE, env: Environment | None = None) -> bytes:
    from webapp.documents import render_pdf

    return render_pdf(template, context, jinja_env=env, folders=FOLDERS)


def _issue(app, clock, kind: str, template: str, context: dict, title: str, number: str) -> int:
    from webapp.documents import issue

    document = issue(
        kind,
        title,
        template,
        context,
        instance_id=None,
        school_id=None,
        issuer="辽宁省教育厅",
        subject=title,
        clock=clock,
        upload_dir=app.config["UPLOAD_DIR"],
        base_url=app.config["BASE_URL"],
        doc_number=number,
    )
    return document.size


def _notice(app, clock, n: int) -> int:
    title = NOTICE_CONTEXT["title"]
    number = f"辽教职成整改〔2026〕{n}号"
    return _issue(app, clock, "rectification_notice", NOTICE, NOTICE_CONTEXT, title, number)


def _certificates(app, clock, schools: list[tuple[str, str]]) -> list[int]:
    sizes = []
    for n, (code, name) in enumerate(schools, start=1):
        context = {"school_name": name, "school_code": code, "year": 2026}
        title = f"{name}2026年度办学资质年检合格证明"
        number = f"辽教年检〔2026〕{n:04d}号"
        sizes.append(
            _issue(app, clock, "inspection_certificate", CERTIFICATE, context, title, number)
        )
    return sizes


def _fonts(pdf: bytes) -> dict:
    """pdffonts' verdict: every font embedded, subset, with a Unicode map (text extractable)."""
    if shutil.which("pdffonts") is None:
        return {"checked": False}
    with tempfile.NamedTemporaryFile(suffix=".pdf") as file:
        file.write(pdf)
        file.flush()
        table = subprocess.run(["pdffonts", file.name], capture_output=True, text=True).stdout
    rows = [line.split() for line in table.splitlines()[2:] if line.strip()]
    flags = [row[-5:-2] for row in rows]  # emb sub uni
    return {
        "checked": True,
        "fonts": len(rows),
        "all_embedded_subset_unicode": all(f == ["yes", "yes", "yes"] for f in flags),
    }


def measure(quick: bool, force_profile: bool) -> dict:
    from webapp.clock import ManualClock
    from webapp.extensions import db
    from webapp.models import Organisation

    reps, batch = (6, 15) if quick else (20, 250)
    preview = {**NOTICE_CONTEXT, **samples.issue_facts()}
    minimal_env = Environment(loader=DictLoader(MINIMAL), autoescape=True)
    cold = time.perf_counter()
    notice_pdf = _render(preview)  # the first render also imports WeasyPrint and loads fonts
    cold = time.perf_counter() - cold
    agreement_pdf = _render({**samples.agreement(minor=True), **samples.issue_facts()}, AGREEMENT)
    render, minimal = [], []
    for _ in range(reps):
        minimal.append(ms(_timed(lambda: _render({}, "minimal.html", minimal_env))))
        render.append(ms(_timed(lambda: _render(preview))))
    with tempfile.TemporaryDirectory(prefix="bench-documents-") as tmp:
        clock = ManualClock(START)
        app = make_app(database_url("sqlite", "bench_documents", Path(tmp)), Path(tmp), clock)
        with app.app_context():
            load_province()
            schools = db.session.execute(
                select(Organisation.code, Organisation.name)
                .where(Organisation.kind == "school")
                .order_by(Organisation.code)
            ).all()
            schools = (schools * (batch // len(schools) + 1))[:batch]
            issued = [ms(_timed(lambda n=n: _notice(app, clock, n))) for n in range(reps)]
            db.session.commit()
            log(f"documents: issuing {batch} certificates in one batch")
            started = time.perf_counter()
            sizes = _certificates(app, clock, schools)
            db.session.commit()
            batch_s = time.perf_counter() - started
            profiles = []
            notice = statistics.median(issued) / 1000
            if force_profile or not quick:  # cheap, and the batch has little room
                profiles.append(
                    profile(
                        lambda: _certificates(app, clock, schools[:10]),
                        "10 inspection certificates issued",
                    )
                )
            db.session.rollback()
            db.engine.dispose()
    base = statistics.median(minimal)
    return {
        "documents": {
            "notice": "rectification_notice (整改通知书, the annual inspection tests' sample)",
            "certificate": "inspection_certificate (办学资质年检合格证明), one per school",
            "agreement": "tripartite_agreement (三方协议) of a minor",
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
            "notice_pdf_bytes": figure(len(notice_pdf), "B", GOAL_PDF_BYTES),
            "agreement_pdf_bytes": figure(len(agreement_pdf), "B", GOAL_PDF_BYTES),
            "certificate_pdf_bytes": figure(statistics.median(sizes), "B", GOAL_PDF_BYTES),
        },
        "fonts": {"notice": _fonts(notice_pdf), "agreement": _fonts(agreement_pdf)},
        "render_ms": summary(render),
        "issue_ms": summary(issued),
        "minimal_ms": summary(minimal),
        "pdf_bytes": {
            "notice": len(notice_pdf),
            "agreement": len(agreement_pdf),
            "certificate_median": statistics.median(sizes),
        },
        "profiles": profiles,
    }


def _timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


if __name__ == "__main__":
    run_module("documents", __doc__.splitlines()[0], measure)
