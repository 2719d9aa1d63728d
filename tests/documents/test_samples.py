"""The demo's uploaded evidence is a real PDF: it opens, reads "自查报告（演示）" in the CJK face, and
stays small."""

from __future__ import annotations

from tests.documents.conftest import needs_poppler, pdf_fonts, pdf_info, pdf_text
from webapp.documents.samples import sample_pdf

pytestmark = needs_poppler


def test_a_sample_is_a_small_real_pdf_in_the_cjk_face(tmp_path):
    pdf = sample_pdf("自查报告")
    assert pdf.startswith(b"%PDF-") and len(pdf) < 20_000
    assert "自查报告（演示）" in pdf_text(pdf) and "不是真实材料" in pdf_text(pdf)
    assert pdf_info(pdf)["Title"] == "自查报告（演示）" and pdf_info(pdf)["Pages"] == "1"
    (font,) = pdf_fonts(pdf, tmp_path)
    assert "Noto-Sans-CJK-SC" in font["name"]
    assert (font["emb"], font["sub"], font["uni"]) == ("yes", "yes", "yes")
