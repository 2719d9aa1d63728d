"""Fixtures for document tests: real WeasyPrint and fonts, read back with poppler's tools."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import UTC, datetime

import pytest

from tests.documents import samples
from webapp.documents import render_pdf
from webapp.documents.qr import qr_data_uri
from webapp.extensions import db
from webapp.models import Organisation, ProcessDefinition, ProcessInstance
from webapp.processes import INSTALLED
from webapp.processes.registry import load

# The installed processes' documents, as the registry serves them to the app.
DOCUMENTS = {kind: doc for module in load(INSTALLED) for kind, doc in module.documents.items()}
TEMPLATES = {kind: doc.template for kind, doc in DOCUMENTS.items()}
KINDS = {kind: doc.label for kind, doc in DOCUMENTS.items()}
FOLDERS = tuple(str(module.templates) for module in load(INSTALLED) if module.templates)

POPPLER = ("pdftotext", "pdffonts", "pdfinfo")
MISSING = [tool for tool in POPPLER if shutil.which(tool) is None]
needs_poppler = pytest.mark.skipif(
    bool(MISSING),
    reason=f"poppler-utils not installed ({', '.join(MISSING)}); scripts/system-packages.sh adds it",
)

VERIFY_URL = "https://zz.example.edu.cn/verify/7KQ2M9XRTB4H"
VERIFICATION = {"code": "7KQ2M9XRTB4H", "url": VERIFY_URL, "qr": qr_data_uri(VERIFY_URL)}


def pdf_text(pdf: bytes) -> str:
    """The PDF's text with all whitespace removed (lines wrap anywhere in Chinese text)."""
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True)
    assert out.returncode == 0, out.stderr
    return "".join(out.stdout.decode("utf-8").split())


FONT_ROW = re.compile(r"^(?P<name>\S+)\s.*\s(?P<emb>yes|no)\s+(?P<sub>yes|no)\s+(?P<uni>yes|no)\s")


def pdf_fonts(pdf: bytes, tmp_path) -> list[dict]:
    """pdffonts' table as dicts (name, emb, sub, uni)."""
    path = tmp_path / "fonts.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    rows = [FONT_ROW.match(line) for line in out.stdout.splitlines()[2:]]
    return [row.groupdict() for row in rows if row]


def pdf_info(pdf: bytes) -> dict[str, str]:
    """pdfinfo's fields (Title, Author, Pages, Page size, …)."""
    out = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True)
    assert out.returncode == 0, out.stderr
    lines = out.stdout.decode("utf-8").splitlines()
    return {key.strip(): value.strip() for key, _, value in (line.partition(":") for line in lines)}


def render(kind: str, context: dict, **facts) -> bytes:
    """A document as `issue()` would print it, without the database."""
    full = {**context, **samples.issue_facts(**facts), "verification": VERIFICATION}
    return render_pdf(TEMPLATES[kind], full, folders=FOLDERS)


@pytest.fixture(scope="session")
def rendered() -> dict[str, bytes]:
    """Each template rendered once for the whole session (about 0.3 s each)."""
    return {
        "decision": render("approval_decision", samples.decision()),
        "agreement_minor": render(
            "tripartite_agreement", samples.agreement(minor=True), issuer=samples.SCHOOL["name"]
        ),
        "agreement_adult": render(
            "tripartite_agreement", samples.agreement(minor=False), issuer=samples.SCHOOL["name"]
        ),
        "consent": render("consent_letter", samples.consent(), issuer=samples.SCHOOL["name"]),
    }


@pytest.fixture
def case(demo, clock):
    """A running case at 沈阳市装备制造工程学校 (school of the demo user `school`)."""
    with demo.app_context():
        school = db.session.query(Organisation).filter_by(code="21010001").one()
        definition = ProcessDefinition(
            key="internship_approval",
            version=1,
            name="实习审批",
            checksum="0" * 64,
            spec_json="{}",
            bpmn_xml="",
            deployed_at=datetime(2026, 3, 1, tzinfo=UTC),
        )
        db.session.add(definition)
        db.session.flush()
        instance = ProcessInstance(
            definition_id=definition.id,
            process_key="internship_approval",
            title="2026年春季岗位实习",
            school_id=school.id,
            city_id=school.parent_id,
            state="{}",
            created_at=clock.now(),
            updated_at=clock.now(),
        )
        db.session.add(instance)
        db.session.commit()
        return {"instance_id": instance.id, "school_id": school.id}
