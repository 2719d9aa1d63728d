"""The guardian's one-time link on the consent letter is printed unbroken: the text read back
from the PDF (what a guardian types, what pdftotext extracts) is exactly the link."""

from __future__ import annotations

import subprocess

import pytest

from tests.documents import samples
from tests.documents.conftest import needs_poppler, render

pytestmark = needs_poppler

# A token of secrets.token_urlsafe(24) is 32 characters of [A-Za-z0-9_-]. With the site's address
# in front, the old letter wrapped the link inside the token and, where the line ended at a "-",
# pdftotext joined the two lines and dropped the "-".
TOKEN = "Ab3dEfGhIJ-lMNopQrsT_vwxyz-12345"


def _lines(pdf: bytes) -> list[str]:
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True)
    assert out.returncode == 0, out.stderr
    return [line.strip() for line in out.stdout.decode("utf-8").splitlines()]


def _letter(url: str) -> bytes:
    return render("consent_letter", samples.consent(consent_url=url), issuer=samples.SCHOOL["name"])


@pytest.mark.parametrize(
    "base", ["https://zz.example.edu.cn", "https://zhongzhi.jyt.ln.gov.cn", "http://127.0.0.1:5000"]
)
def test_the_link_is_printed_on_one_line_exactly(base):
    url = f"{base}/consent/{TOKEN}"
    assert url in _lines(_letter(url))


def test_a_long_site_address_breaks_before_the_token_never_inside_it():
    base = "https://zhongzhi-xuexiao-guanli.jiaoyuting.liaoning.gov.cn/pingtai"
    url = f"{base}/consent/{TOKEN}"
    lines = _lines(_letter(url))
    assert f"{base}/consent/" in lines and TOKEN in lines
