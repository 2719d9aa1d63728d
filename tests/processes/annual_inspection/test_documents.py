"""The annual-inspection documents (RULES §1): 年检合格证明, 整改通知书, 年检处理决定.

Real WeasyPrint and fonts, read back with poppler. Timing is not asserted here (benchmarks own
performance). Measured on the development machine (2 vCPU, warm process): one 整改通知书 of six
indicators about 0.2 s (30 indicators, 3 pages: about 0.26 s), a certificate about 0.17 s, so a
batch of 250 certificates renders in about 41 s in one process; each PDF is about 0.4 MB,
nearly all of it the three embedded CJK font subsets.
"""

from __future__ import annotations

import logging
import re
import subprocess
from datetime import date
from pathlib import Path

import pytest
from jinja2 import UndefinedError

from tests.documents.conftest import (
    FOLDERS,
    KINDS,
    TEMPLATES,
    needs_poppler,
    pdf_fonts,
    pdf_info,
    pdf_text,
    render,
)
from webapp.documents import issue, open_document, render_html
from webapp.extensions import db
from webapp.models import Organisation
from webapp.sources import POLICY

pytestmark = needs_poppler

PROVINCE = "辽宁省教育厅"
SCHOOL = "沈阳市装备制造工程学校"
HOSTILE = "<script>alert(1)</script> 张&李<b>职业</b>学校"
INDICATORS = [
    {"label": "学历教育在校生人数", "required": "≥1200人", "actual": "986人", "gap": "少214人"},
    {"label": "专任教师人数", "required": "≥60人", "actual": "48人", "gap": "少12人"},
    {"label": "生师比", "required": "≤20:1", "actual": "20.5:1", "gap": "高0.5"},
    {
        "label": "双师型教师占专业课教师比例",
        "required": "≥30%",
        "actual": "22.6%",
        "gap": "低7.4个百分点",
    },
    {
        "label": "生均仪器设备值",
        "required": "≥2,500元/生",
        "actual": "1,830元/生",
        "gap": "少670元/生",
    },
    {"label": "生均纸质图书", "required": "≥30册/生", "actual": "24册/生", "gap": "少6册/生"},
]


def facts(**overrides) -> dict:
    """What `issue()` adds (the verification block comes from `render`)."""
    return {
        "issuer": PROVINCE,
        "doc_number": "辽教职成〔2026〕35号",
        "issued_on": date(2026, 6, 2),
        **overrides,
    }


def certificate(**overrides) -> dict:
    return {"school_name": SCHOOL, "school_code": "2101000001", "year": 2026, **overrides}


def notice(**overrides) -> dict:
    context = {
        "title": f"关于对{SCHOOL}2026年度办学资质年检整改的通知",
        "school_name": SCHOOL,
        "year": 2026,
        "grade": "基本合格",
        "indicators": INDICATORS,
        "deadline": date(2026, 9, 30),
        "enrollment_cut_percent": 20,
        "contact": {
            "department": "辽宁省教育厅职业教育与成人教育处",
            "name": "王老师",
            "phone": "024-12345678",
        },
        "copy_to": ["沈阳市教育局"],
    }
    return {**context, **overrides}


def ladder(sanction: str = "暂停新生学籍注册", **overrides) -> dict:
    """A rung of the ladder for 拒不整改; the second rung by default, after a cut of 20%."""
    context = {
        "title": f"关于对{SCHOOL}{sanction}的决定",
        "school_name": SCHOOL,
        "sanction": sanction,
        "year": 2026,
        "grade": "不合格",
        "notice_number": "辽教职成〔2026〕35号",
        "notice_date": date(2026, 6, 2),
        "deadline": date(2026, 9, 30),
        "prior_sanctions": [
            {
                "measure": "缩减招生计划20%",
                "doc_number": "辽教职成〔2026〕61号",
                "decided_on": date(2026, 10, 9),
                "deadline": date(2027, 1, 7),
            }
        ],
        "next_deadline": date(2027, 4, 7),
        "copy_to": ["沈阳市教育局"],
    }
    return {**context, **overrides}


def revocation(**overrides) -> dict:
    context = {
        "title": f"关于取缔{SCHOOL}鲅鱼圈办学点招生资格的决定",
        "school_name": SCHOOL,
        "sanction": "取缔招生资格",
        "year": 2026,
        "grounds": "未经审批设立中职异地分校、办学点",
        "findings": "你校在营口市鲅鱼圈区设立的办学点未经办学地教育行政部门审批，"
        "并以该办学点名义招收学历教育学生。",
        "target": "你校鲅鱼圈办学点",
    }
    return {**context, **overrides}


@pytest.fixture(scope="module")
def pdfs() -> dict[str, bytes]:
    return {
        "certificate": render(
            "inspection_certificate",
            certificate(),
            **facts(doc_number="辽教年检〔2026〕0001号", issued_on=date(2026, 5, 29)),
        ),
        "notice": render("rectification_notice", notice(), **facts()),
        "suspension": render(
            "sanction_decision", ladder(), **facts(doc_number="辽教职成〔2027〕5号")
        ),
        "revocation": render(
            "sanction_decision", revocation(), **facts(doc_number="辽教职成〔2026〕70号")
        ),
    }


def test_the_kinds_have_templates_and_chinese_labels():
    assert KINDS["inspection_certificate"] == "办学资质年检合格证明"
    assert KINDS["rectification_notice"] == "整改通知书"
    assert KINDS["sanction_decision"] == "年检处理决定"
    assert set(TEMPLATES) <= set(KINDS)


def test_the_certificate_is_one_framed_page_with_the_school_and_the_result(pdfs):
    pdf = pdfs["certificate"]
    text = pdf_text(pdf)
    for expected in (
        "办学资质年检合格证明",
        "编号：辽教年检〔2026〕0001号",
        f"学校名称{SCHOOL}",
        "学校代码2101000001",
        "年检年度2026年度",
        "年检结论合格",
        "至2027年度办学资质年检结论公布之日止",
        "经学校自查、市级初审、省级复核，该校2026年度办学资质年检结论为合格。",
        "第八条",
        "特此证明。",
        "（盖章处）",
        PROVINCE,
        "2026年5月29日",
        "7KQ2M9XRTB4H",
    ):
        assert expected in text, expected
    info = pdf_info(pdf)
    assert info["Pages"] == "1" and "A4" in info["Page size"]
    assert info["Title"] == f"{SCHOOL}2026年度办学资质年检合格证明"
    assert "—1—" not in text, "a certificate carries no page number"


def test_a_certificate_may_name_its_validity_and_a_long_name_still_fits_one_page():
    name = "辽宁省沈阳市装备制造工程学校（沈阳市机电工程职业技术学校）附属中等职业技术学校"
    context = certificate(school_name=name, valid_until=date(2027, 5, 31))
    pdf = render("inspection_certificate", context, **facts())
    text = pdf_text(pdf)
    assert name in text and "有效期至2027年5月31日止" in text
    assert pdf_info(pdf)["Pages"] == "1"


def test_the_rectification_notice_lists_each_failed_indicator_and_the_deadline(pdfs):
    text = pdf_text(pdfs["notice"])
    for expected in (
        "辽宁省教育厅文件",
        "辽教职成〔2026〕35号",
        f"关于对{SCHOOL}2026年度办学资质年检整改的通知",
        f"{SCHOOL}：",
        "《关于进一步规范中等职业学校管理全面提升中等职业教育质量的意见》",
        "第八条",
        "年检结论为基本合格",
        "你校以下6项指标未达到要求",
        "整改期限：2026年9月30日前",
        "整改报告及佐证材料",
        "缩减招生计划（缩减20%）、暂停新生学籍注册直至停止招生",
        "联系人：王老师",
        "024-12345678",
        "特此通知。",
        "2026年6月2日",
        "抄送：沈阳市教育局。",
    ):
        assert expected in text, expected
    for indicator in INDICATORS:
        for cell in ("label", "required", "actual", "gap"):
            assert indicator[cell] in text, indicator[cell]
    for header in ("序号", "指标", "标准要求", "学校实际", "差距"):
        assert header in text, header


def test_a_failing_school_s_notice_says_so_and_the_authority_mark_may_be_named():
    context = notice(grade="不合格", authority_mark="辽宁省教育厅", copy_to=[])
    text = pdf_text(render("rectification_notice", context, **facts()))
    assert "年检结论为不合格" in text
    assert "辽宁省教育厅文件" not in text and "抄送" not in text


def test_a_long_table_breaks_across_pages_and_repeats_its_header():
    rows = [
        {
            "label": f"第{n}项年检指标",
            "required": f"≥{n * 10}",
            "actual": f"{n * 7}",
            "gap": f"少{n * 3}",
        }
        for n in range(1, 31)
    ]
    pdf = render("rectification_notice", notice(indicators=rows), **facts())
    text = pdf_text(pdf)
    assert int(pdf_info(pdf)["Pages"]) >= 3
    assert text.count("标准要求学校实际差距") >= 2, "the header row is repeated on the next page"
    assert "第1项年检指标" in text and "第30项年检指标" in text
    assert "你校以下30项指标未达到要求" in text
    assert "整改期限：2026年9月30日前" in text


def test_a_ladder_decision_states_the_facts_the_decision_the_basis_and_the_remedies(pdfs):
    text = pdf_text(pdfs["suspension"])
    for expected in (
        "辽宁省教育厅文件",
        "辽教职成〔2027〕5号",
        f"关于对{SCHOOL}暂停新生学籍注册的决定",
        "你校2026年度办学资质年检结论为不合格",
        "整改通知书（辽教职成〔2026〕35号）",
        "2026年9月30日前完成整改",
        "属于拒不整改",
        "2026年10月9日，我厅对你校作出缩减招生计划20%的处理决定（辽教职成〔2026〕61号）",
        "2027年1月7日前完成整改，你校逾期仍未完成整改",
        "第八条“对年检不合格且拒不整改的学校，缩减其招生计划，暂停新生学籍注册，直至停止招生”",
        "自本决定送达之日起，暂停你校新生学籍注册。",
        "于2027年4月7日前",
        "我厅将依规作出停止招生的处理",
        "60日内向辽宁省人民政府申请行政复议",
        "6个月内依法向人民法院提起行政诉讼",
        "本决定不停止执行",
        "抄送：沈阳市教育局。",
    ):
        assert expected in text, expected
    assert "取缔" not in text


@pytest.mark.parametrize(
    ("sanction", "extra", "expected", "absent"),
    [
        (
            "缩减招生计划",
            {"cut_percent": 20, "enrollment_year": 2027, "prior_sanctions": []},
            ["自2027年招生起，缩减你校年度招生计划20%。", "将依规作出暂停新生学籍注册的处理"],
            ["逾期仍未完成整改。"],
        ),
        (
            "停止招生",
            {"enrollment_year": 2028},
            ["自2028年起，停止你校中等职业学历教育招生。", "保障在校学生完成学业"],
            ["继续整改"],
        ),
    ],
)
def test_each_rung_has_its_own_wording(sanction, extra, expected, absent):
    context = ladder(sanction, **extra)
    if sanction == "缩减招生计划":
        del context["next_deadline"]
    text = pdf_text(render("sanction_decision", context, **facts()))
    for phrase in expected:
        assert phrase in text, phrase
    for phrase in absent:
        assert phrase not in text, phrase


def test_revoking_enrollment_rights_has_no_rectification_path(pdfs):
    text = pdf_text(pdfs["revocation"])
    for expected in (
        f"关于取缔{SCHOOL}鲅鱼圈办学点招生资格的决定",
        "你校在营口市鲅鱼圈区设立的办学点未经办学地教育行政部门审批",
        "“未经办学地教育行政部门审批设立的中职异地分校、办学点”",
        "不适用整改程序",
        "要坚决取缔招生资格",
        "取缔你校鲅鱼圈办学点中等职业学历教育招生资格。",
        "妥善安置",
        "60日内向辽宁省人民政府申请行政复议",
        "6个月内依法向人民法院提起行政诉讼",
    ):
        assert expected in text, expected
    for absent in ("整改期限", "继续整改", "拒不整改", "缩减", "暂停"):
        assert absent not in text, absent


def test_a_school_without_academic_qualification_loses_its_rights_by_its_own_ground():
    context = revocation(
        grounds="不具备中等职业学历教育办学资质",
        findings="你校未取得中等职业学历教育办学资质，擅自招收学历教育学生",
        reconsideration_body="辽宁省人民政府（复议机关）",
    )
    del context["target"]
    text = pdf_text(render("sanction_decision", context, **facts()))
    assert "所列“不具备中等职业学历教育办学资质的学校”" in text
    assert "取缔你校中等职业学历教育招生资格。你校不得以任何名义" in text
    assert "向辽宁省人民政府（复议机关）申请行政复议" in text


def test_an_unknown_measure_or_a_missing_key_stops_rendering():
    with pytest.raises(UndefinedError):
        render("sanction_decision", ladder("警告"), **facts())
    with pytest.raises(UndefinedError, match="cut_percent"):
        render("sanction_decision", ladder("缩减招生计划", enrollment_year=2027), **facts())
    with pytest.raises(UndefinedError):
        render("sanction_decision", revocation(grounds="其他情形"), **facts())
    without_deadline = notice()
    del without_deadline["deadline"]
    with pytest.raises(UndefinedError, match="deadline"):
        render("rectification_notice", without_deadline, **facts())


def test_noto_cjk_fonts_are_embedded(pdfs, tmp_path):
    for name, pdf in pdfs.items():
        fonts = pdf_fonts(pdf, tmp_path)
        names = {font["name"].split("+", 1)[-1] for font in fonts}
        # The faces cut down to the document's characters (webapp/documents/fonts.py).
        assert {"Noto-Serif-CJK-SC-Document", "Noto-Sans-CJK-SC-Document"} <= names, (name, names)
        assert all(
            font["emb"] == "yes" and font["sub"] == "yes" and font["uni"] == "yes" for font in fonts
        ), fonts


@pytest.mark.parametrize(
    ("kind", "context"),
    [
        ("inspection_certificate", certificate(school_name=HOSTILE)),
        ("rectification_notice", notice(school_name=HOSTILE, title=f"关于对{HOSTILE}整改的通知")),
        ("sanction_decision", ladder(school_name=HOSTILE, title=f"关于对{HOSTILE}的决定")),
    ],
)
def test_a_school_name_with_markup_is_printed_literally(kind, context):
    html = render_html(TEMPLATES[kind], {**context, **facts()}, folders=FOLDERS)
    assert "<script>" not in html and "<b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "张&amp;李" in html
    text = pdf_text(render(kind, context, **facts()))
    assert "<script>alert(1)</script>张&李<b>职业</b>学校" in text


def test_indicator_cells_are_escaped_too():
    rows = [{"label": "图书<i>册数</i>", "required": "≥30 & 达标", "actual": "<24", "gap": "—"}]
    text = pdf_text(render("rectification_notice", notice(indicators=rows), **facts()))
    assert "图书<i>册数</i>" in text and "≥30&达标" in text and "<24" in text


def test_the_templates_render_without_weasyprint_warnings(caplog):
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        render("inspection_certificate", certificate(), **facts())
        render("rectification_notice", notice(), **facts())
        render("sanction_decision", ladder(), **facts())
    assert not caplog.records, [record.getMessage() for record in caplog.records]


def test_an_issued_certificate_prints_its_code_and_verifies(demo, clock, client):
    with demo.app_context():
        school = db.session.query(Organisation).filter_by(code="21010001").one()
        document = issue(
            "inspection_certificate",
            f"{school.name}2026年度办学资质年检合格证明",
            TEMPLATES["inspection_certificate"],
            certificate(school_name=school.name, school_code=school.code),
            instance_id=None,
            school_id=school.id,
            issuer=PROVINCE,
            subject=f"{school.name} 2026年度办学资质年检 合格",
            clock=clock,
            upload_dir=demo.config["UPLOAD_DIR"],
            base_url="https://zz.example.edu.cn",
            doc_number="辽教年检〔2026〕0001号",
        )
        db.session.commit()
        code, label, name = document.verification_code, document.kind_label, school.name
        text = pdf_text(open_document(document, demo.config["UPLOAD_DIR"]))
    assert label == "办学资质年检合格证明"
    assert code in text and f"zz.example.edu.cn/verify/{code}" in text
    assert name in text and "年检结论合格" in text
    page = client.get(f"/verify/{code}").get_data(as_text=True)
    assert "核验通过" in page and "办学资质年检合格证明" in page


def page_texts(pdf: bytes) -> list[str]:
    """Each page's text, whitespace removed."""
    pages = int(pdf_info(pdf)["Pages"])
    texts = []
    for page in range(1, pages + 1):
        out = subprocess.run(
            ["pdftotext", "-f", str(page), "-l", str(page), "-enc", "UTF-8", "-", "-"],
            input=pdf,
            capture_output=True,
            check=True,
        )
        texts.append("".join(out.stdout.decode().split()))
    return texts


@pytest.mark.parametrize("count", [1, 2, 3, 4, 5, 6])
@pytest.mark.parametrize("with_contact", [True, False], ids=["contact", "no_contact"])
def test_the_issuer_and_date_never_stand_alone_on_the_last_page(count, with_contact):
    """GB/T 9704: the signature stays with the last lines of the body. With 2–3 indicators
    the issuer and the date used to fall alone onto page 3."""
    rows = [
        {"label": f"第{n}项年检指标", "required": f"≥{n * 10}", "actual": f"{n * 7}", "gap": "少"}
        for n in range(1, count + 1)
    ]
    context = notice(indicators=rows, contact=notice()["contact"] if with_contact else {})
    last = page_texts(render("rectification_notice", context, **facts()))[-1]
    assert PROVINCE in last and "2026年6月2日" in last
    body = "联系电话：024-12345678。" if with_contact else "并向社会公开。"
    assert "特此通知。" in last and body in last, last
    assert "抄送：沈阳市教育局。" in last


def test_a_ladder_decision_keeps_its_signature_with_the_remedies():
    prior = ladder()["prior_sanctions"][0]
    for count in range(1, 5):
        context = ladder(prior_sanctions=[prior] * count)
        last = page_texts(render("sanction_decision", context, **facts()))[-1]
        assert PROVINCE in last and "本决定不停止执行。" in last, (count, last)


def test_a_notice_without_a_contact_prints_no_contact_section():
    for contact in ({}, None):
        context = notice(contact=contact) if contact is not None else notice()
        if contact is None:
            del context["contact"]
        text = pdf_text(render("rectification_notice", context, **facts()))
        assert "联系方式" not in text and "联系人" not in text and "联系电话" not in text
        assert "特此通知。" in text and PROVINCE in text


def test_a_contact_without_a_person_prints_only_the_office_and_phone():
    contact = {
        "department": "辽宁省教育厅职业教育与成人教育处",
        "name": "",
        "phone": "024-12345678",
    }
    text = pdf_text(render("rectification_notice", notice(contact=contact), **facts()))
    assert "辽宁省教育厅职业教育与成人教育处，联系电话：024-12345678。" in text
    assert "联系人" not in text


def test_the_notice_templates_name_the_policy_as_sources_does():
    folder = Path(__file__).resolve().parents[3] / "webapp/processes/annual_inspection/templates"
    notice_macros = (folder / "annual_inspection/documents/_notice.html").read_text()
    (opinion,) = re.findall(r'set OPINION = "([^"]+)"', notice_macros)
    assert opinion == POLICY
