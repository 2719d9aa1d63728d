"""What the annual inspection documents' templates expect (see webapp/documents/contexts.py for
the facts every document also receives)."""

from __future__ import annotations

from datetime import date
from typing import Literal, NotRequired, TypedDict


class InspectionCertificateContext(TypedDict):
    """documents/inspection_certificate.html: the one-page 办学资质年检合格证明 of a school graded
    合格. `doc_number` is printed as the certificate's number (编号), e.g. "辽教年检〔2026〕0001号".
    Light enough to issue for every school in one batch: text, a CSS frame and the footer QR."""

    school_name: str
    school_code: str  # 学校代码 (the organisation's code), e.g. "2101000001"
    year: int  # 年检年度: 2026 prints "2026年度"
    valid_until: NotRequired[date]  # default: "至{year+1}年度办学资质年检结论公布之日止"


class FailedIndicator(TypedDict):
    """One row of the rectification table; every cell is printed as given (already formatted)."""

    label: str  # 指标, e.g. "专任教师人数"
    required: str  # 标准要求, e.g. "≥60人"
    actual: str  # 学校实际, e.g. "48人"
    gap: str  # 差距, e.g. "少12人"; "—" for a yes/no item


class Contact(TypedDict):
    """Who at the issuing office answers questions (settings inspection.contact_*)."""

    department: str  # e.g. "辽宁省教育厅职业教育与成人教育处"
    name: str  # e.g. "王老师"; "" prints no 联系人
    phone: str  # e.g. "024-12345678"


class RectificationNoticeContext(TypedDict):
    """documents/rectification_notice.html: the province's 整改通知书 (GB/T 9704 layout) to a
    school graded 基本合格 or 不合格: the failed indicators as a table (its header repeats on
    every page), the deadline, what to submit and what follows if the school does not rectify."""

    title: str  # e.g. "关于对沈阳市装备制造工程学校2026年度办学资质年检整改的通知"
    school_name: str  # 主送 (and named in the text as 你校)
    year: int  # 年检年度
    grade: Literal["基本合格", "不合格"]
    indicators: list[FailedIndicator]  # at least one, in the order to print
    deadline: date  # 整改期限: printed "整改期限：2026年9月30日前"
    enrollment_cut_percent: int  # first rung of the ladder (setting, default 20)
    # 五、联系方式 is printed only with a phone ({} or absent: no section, never an empty line)
    contact: NotRequired[Contact | dict]
    authority_mark: NotRequired[str]  # default: issuer + "文件", i.e. "辽宁省教育厅文件"
    copy_to: NotRequired[list[str]]  # 抄送, e.g. ["沈阳市教育局"]


class PriorSanction(TypedDict):
    """An earlier rung of the ladder, and the further deadline the school missed after it."""

    measure: str  # as printed, e.g. "缩减招生计划20%" or "暂停新生学籍注册"
    doc_number: str  # that decision's 文号
    decided_on: date
    deadline: date  # the rectification deadline that decision set (and the school missed)


class SanctionDecisionContext(TypedDict):
    """documents/sanction_decision.html: the province's 年检处理决定 (GB/T 9704 layout): one rung
    of the ladder for 拒不整改 (缩减招生计划 → 暂停新生学籍注册 → 停止招生), or 取缔招生资格 for
    the two cases §8 names, which has its own wording and no rectification path. Facts, decision,
    legal basis (§8), and the school's remedies (行政复议 within 60 days, 行政诉讼 within 6 months).

    Which NotRequired keys a measure needs is said against each; a missing one, or a `sanction`
    or `grounds` outside its list, stops rendering (StrictUndefined)."""

    title: str  # e.g. "关于对沈阳市某某职业学校暂停新生学籍注册的决定"
    school_name: str  # 主送
    sanction: Literal["缩减招生计划", "暂停新生学籍注册", "停止招生", "取缔招生资格"]
    year: int  # the inspection year in which the facts were found
    # The first three (the ladder) need: the grade and the rectification notice whose deadline
    # the school missed; the earlier rungs, if any.
    grade: NotRequired[Literal["基本合格", "不合格"]]
    notice_number: NotRequired[str]  # the 整改通知书's 文号
    notice_date: NotRequired[date]  # when it was issued
    deadline: NotRequired[date]  # its rectification deadline
    prior_sanctions: NotRequired[list[PriorSanction]]  # earlier rungs, oldest first; may be absent
    cut_percent: NotRequired[int]  # 缩减招生计划: by how much (setting, default 20)
    # 缩减招生计划 and 停止招生: the year of the intake it applies from, e.g. 2027
    enrollment_year: NotRequired[int]
    # 缩减/暂停: optional further deadline (the text names the next rung either way)
    next_deadline: NotRequired[date]
    # 取缔招生资格 needs: which case of §8, and what was found (one sentence, printed after
    # "我厅在2026年度中等职业学校办学资质年检中发现，").
    grounds: NotRequired[
        Literal["不具备中等职业学历教育办学资质", "未经审批设立中职异地分校、办学点"]
    ]
    findings: NotRequired[str]  # e.g. "你校在营口市鲅鱼圈区设立的办学点未经办学地教育行政部门审批"
    target: NotRequired[str]  # 取缔: whose rights; default "你校", e.g. "你校鲅鱼圈办学点"
    reconsideration_body: NotRequired[str]  # 行政复议机关; default "辽宁省人民政府"
    authority_mark: NotRequired[str]  # default: issuer + "文件"
    copy_to: NotRequired[list[str]]  # 抄送, e.g. ["沈阳市教育局"]


class LiftedDecision(TypedDict):
    """One decision being lifted, as the sanction decisions printed it."""

    measure: str  # e.g. "缩减招生计划20%", "暂停新生学籍注册"
    doc_number: str
    decided_on: date | None  # the day its decision was issued


class SanctionLiftContext(TypedDict):
    """documents/sanction_lift.html: the province's 解除处理决定 (GB/T 9704 layout) for a school
    whose rectification was accepted after one or more rungs of the ladder: the decisions being
    lifted, that the standing is normal again, and what that restores (enrollment planning,
    new-student registration)."""

    title: str  # e.g. "关于解除对沈阳市装备制造工程学校2026年度办学资质年检处理的决定"
    school_name: str  # 主送
    year: int
    grade: Literal["基本合格", "不合格"]  # the grade before rectification
    notice_number: str  # the 整改通知书's 文号; "" leaves it out
    decisions: list[LiftedDecision]  # oldest first, at least one
    accepted_on: date  # when the rectification was accepted
    enrollment_restored: bool  # a cut or a stop is lifted
    registration_restored: bool  # a suspension or a stop is lifted
    contact: NotRequired[Contact | dict]  # printed only with a phone
    copy_to: NotRequired[list[str]]
