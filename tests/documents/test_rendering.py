"""Templates to PDF: real WeasyPrint and fonts; the text and fonts read back with poppler."""

from __future__ import annotations

import logging
import re

import pytest
from jinja2 import DictLoader, Environment, UndefinedError, select_autoescape

from tests.documents import samples
from tests.documents.conftest import (
    FOLDERS,
    TEMPLATES,
    needs_poppler,
    pdf_fonts,
    pdf_info,
    pdf_text,
    render,
)
from webapp.documents import render_html, render_pdf
from webapp.documents.rendering import DocumentRenderError

pytestmark = needs_poppler


def test_every_template_renders_to_a_pdf(rendered):
    for name, pdf in rendered.items():
        assert pdf.startswith(b"%PDF-"), name
        assert "7KQ2M9XRTB4H" in pdf_text(pdf), f"{name} lacks its verification code"


def test_the_agreement_names_the_parties_and_follows_the_model_sections(rendered):
    text = pdf_text(rendered["agreement_minor"])
    for expected in (
        "学生岗位实习三方协议",
        "李晓明",
        samples.STUDENT_ID,
        "沈阳北方精密机械有限公司",
        "沈阳市装备制造工程学校",
        # The 实习协议示范文本's order; pay as 《职业学校学生实习管理规定》(2021) 第十八条 has it.
        "第一条实习期限与地点",
        "第二条实习岗位、内容与工作时间",
        "第三条实习报酬",
        "原则上不低于本单位相同岗位工资标准的80%或最低档工资标准",
        "以货币形式按月足额",
        "第四条实习责任保险",
        "第五条劳动保护与安全",
        "不得安排丙方加班和夜班",
        "第九条违约责任",
        "第十条争议解决",
        "第十一条其他",
        "2026年3月16日",
        "3,200.00",
        "甲方（盖章）",
        "乙方（盖章）",
        "丙方（签字）",
    ):
        assert expected in text, expected


def test_only_a_minor_s_agreement_has_the_guardian_as_a_party(rendered):
    minor = pdf_text(rendered["agreement_minor"])
    adult = pdf_text(rendered["agreement_adult"])
    assert "丙方监护人（签字）" in minor and "李建国" in minor and "一式四份" in minor
    assert "丙方监护人（签字）" not in adult and "李建国" not in adult and "一式三份" in adult


def test_the_approval_decision_has_the_official_layout_and_no_names(rendered):
    text = pdf_text(rendered["decision"])
    for expected in (
        "沈阳市教育局文件",
        "沈教职成备〔2026〕12号",
        "关于同意沈阳市装备制造工程学校学生岗位实习备案的批复",
        "沈阳市装备制造工程学校：",
        "本次备案共安排学生20名",
        "未满18周岁学生15名",
        "沈阳华晨汽车零部件有限公司",
        "特此回执。",  # a 备案 is answered with a 备案回执, not a 批复
        "2026年3月15日",
        "抄送：辽宁省教育厅职业教育与成人教育处",
        "—1—",
    ):
        assert expected in text, expected
    assert "李晓明" not in text and samples.STUDENT_ID not in text


def test_pages_are_a4_with_the_document_s_metadata(rendered):
    info = pdf_info(rendered["decision"])
    assert "A4" in info["Page size"]
    assert info["Title"] == samples.decision()["title"]
    assert info["Author"] == "沈阳市教育局"
    consent = pdf_info(rendered["consent"])
    assert consent["Pages"] == "2", "the letter and its reply slip fit on two pages"


def test_the_consent_letter_has_the_link_the_placement_and_a_reply_slip(rendered):
    text = pdf_text(rendered["consent"])
    for expected in (
        "学生岗位实习监护人知情同意书",
        "尊敬的李建国：",
        "李晓明",
        "沈阳北方精密机械有限公司",
        "2026年3月9日前",
        "https://zz.example.edu.cn/consent/4XK9QZ7MB2TR8WNP6HJC",
        "回执",
        "□同意",
        "□不同意",
        "监护人签字",
    ):
        assert expected in text, expected


def test_cjk_fonts_are_embedded_serif_for_text_and_sans_for_headings(rendered, tmp_path):
    fonts = pdf_fonts(rendered["decision"], tmp_path)
    names = {font["name"].split("+", 1)[-1] for font in fonts}
    # The faces cut down to the document's characters (documents/fonts.py), by their family.
    assert "Noto-Serif-CJK-SC-Document" in names and "Noto-Sans-CJK-SC-Document" in names, names
    assert all(
        font["emb"] == "yes" and font["sub"] == "yes" and font["uni"] == "yes" for font in fonts
    ), fonts


def test_a_document_embeds_only_the_glyphs_it_prints(rendered):
    """A Noto CJK face has 65,000 glyphs; kept whole up to the last one used, a three-page
    批复 came to 430 KB. Cut down to its characters it is a fraction of that."""
    assert len(rendered["decision"]) < 100_000
    assert len(rendered["consent"]) < 120_000
    assert len(rendered["agreement_adult"]) < 150_000


def test_user_text_is_escaped_and_printed_literally():
    unit = {**samples.UNIT, "name": "<script>alert(1)</script> 张&李<b>机械</b>公司"}
    context = {**samples.agreement(), "unit": unit}
    html = render_html(
        TEMPLATES["tripartite_agreement"], {**context, **samples.issue_facts()}, folders=FOLDERS
    )
    assert "<script>" not in html and "<b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "张&amp;李" in html
    text = pdf_text(render("tripartite_agreement", context))
    assert "<script>alert(1)</script>张&李<b>机械</b>公司" in text


def test_missing_dates_and_sums_leave_blanks_to_fill_in_by_hand():
    placement = {**samples.PLACEMENT, "start": None, "monthly_pay": ""}
    text = pdf_text(render("tripartite_agreement", samples.agreement(placement=placement)))
    assert "自年月日起至2026年7月15日止" in text
    assert "每月人民币元" in text


def test_a_missing_context_key_fails_instead_of_printing_a_blank():
    context = samples.decision()
    del context["addressee"]
    with pytest.raises(UndefinedError, match="addressee"):
        render("approval_decision", context)


def test_rendering_loads_nothing_but_data_uris():
    env = Environment(
        loader=DictLoader({"doc.html": '<p>{{ text }}</p><img src="{{ src }}">'}),
        autoescape=select_autoescape(default_for_string=True, default=True),
    )
    ok = render_pdf("doc.html", {"text": "二维码", "src": "data:image/gif;base64,"}, jinja_env=env)
    assert ok.startswith(b"%PDF-")
    for src in ("file:///etc/passwd", "http://169.254.169.254/latest/meta-data/"):
        with pytest.raises(DocumentRenderError):
            render_pdf("doc.html", {"text": "x", "src": src}, jinja_env=env)


def test_a_flask_app_s_jinja_env_renders_the_templates_too(app):
    context = {**samples.consent(), **samples.issue_facts()}
    pdf = render_pdf(TEMPLATES["consent_letter"], context, jinja_env=app.jinja_env)
    assert "尊敬的李建国：" in pdf_text(pdf)


def test_the_templates_render_without_weasyprint_warnings(caplog):
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        render("consent_letter", samples.consent())
    assert not caplog.records, [record.getMessage() for record in caplog.records]


def test_every_document_stylesheet_names_the_cut_down_face_first():
    """A family list that starts with an installed Noto face embeds that whole face (400 KB):
    each must name its " Document" face (documents/fonts.py) first."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / "webapp"
    stylesheets = [
        path
        for path in root.rglob("*")
        if path.suffix in (".css", ".html") and "documents" in path.parts
    ]
    assert len(stylesheets) > 10
    for path in stylesheets:
        for match in re.finditer(r"font-family:\s*([^;}]+)", path.read_text(encoding="utf-8")):
            first = match.group(1).split(",")[0].strip().strip("\"'")
            if first.startswith("Noto"):
                assert first.endswith(" Document"), f"{path}: font-family: {match.group(1)}"
