"""What each document template expects: plain data (str, int, Decimal, date, lists, dicts).

Every template also receives, from `issuing.issue()` (pass them yourself only to preview a
document with `render_pdf`):

- `issuer`: str, who issues it (row column `issuer`), printed in the signature.
- `doc_number`: str, 文号 such as "沈教职成备〔2026〕12号" or the agreement's number; may be "".
- `issued_on`: date, the local (Asia/Shanghai) issue date, printed as 2026年3月15日.
- `verification`: `Verification`, the code and QR printed in the footer of page 1; a
  preview without it prints no verification block.

Dates are `datetime.date`; sums of money are numbers (int, Decimal or numeric str) in yuan. A
date or sum that is None (or "") prints as a blank to fill in by hand ("　　年　　月　　日");
a key that is missing altogether stops rendering (StrictUndefined). Text from users may contain
anything (`<`, `&`): templates escape it.

Each process declares its documents' kinds and templates (ProcessModule.documents).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Literal, NotRequired, TypedDict


class Verification(TypedDict):
    code: str  # e.g. "7KQ2M9XRTB4H"
    url: str  # absolute: https://host/verify/7KQ2M9XRTB4H
    qr: str  # data: URI of the QR code of `url`


class School(TypedDict):
    name: str
    address: str
    contact: str  # staff member responsible (an adult employee)
    phone: str


class Unit(TypedDict):
    """The internship unit (实习单位)."""

    name: str
    credit_code: str  # 统一社会信用代码
    address: str
    contact: str
    phone: str


class Student(TypedDict):
    name: str
    id_number: str  # printed on the agreement only (it is a contract); never on /verify
    major: str
    class_name: str  # 班级, e.g. "2023级数控技术应用1班"
    phone: str


class Guardian(TypedDict):
    name: str
    relation: str  # 父亲 / 母亲 / …
    phone: str


class Insurance(TypedDict):
    """实习责任保险: it must cover the whole period and never be charged to the student."""

    insurer: str
    policy_number: str
    start: date
    end: date
    paid_by: str  # "学校" or "实习单位"


class Placement(TypedDict):
    kind: str  # "岗位实习" or "认识实习"
    post: str  # 实习岗位
    content: str  # 实习内容
    location: str  # 实习地点
    start: date
    end: date
    work_days: str  # e.g. "周一至周五"
    work_hours: str  # e.g. "8:30—12:00，13:30—17:30"
    daily_hours: int | Decimal  # at most 8
    monthly_pay: int | Decimal | str  # yuan
    pay_day: int  # paid by this day of the following month
    school_teacher: str  # 学校指导教师
    unit_mentor: str  # 实习单位指导人员
    insurance: Insurance


class TripartiteAgreementContext(TypedDict):
    """documents/tripartite_agreement.html: one student's 三方协议 (school, unit, student, and the
    guardian as a fourth signatory when the student is under 18 on the start date)."""

    school: School  # 甲方
    unit: Unit  # 乙方
    student: Student  # 丙方
    student_is_minor: bool  # adds the guardian's party block and signature column
    guardian: NotRequired[Guardian]  # required when student_is_minor
    placement: Placement
    signing_place: NotRequired[str]  # 签订地点


class PlacementSummary(TypedDict):
    unit_name: str
    credit_code: str
    posts: list[str]
    location: str
    start: date
    end: date
    student_count: int


class ApprovalDecisionContext(TypedDict):
    """documents/approval_decision.html: the city bureau's official notice (GB/T 9704 layout)
    approving a school's internship filing (备案). Counts only: no names, no ID numbers."""

    authority_mark: str  # 发文机关标志, e.g. "沈阳市教育局文件"
    title: str  # e.g. "沈阳市教育局关于同意沈阳市装备制造工程学校学生岗位实习备案的批复"
    addressee: str  # 主送机关, e.g. "沈阳市装备制造工程学校"
    application_date: date  # when the school filed
    kind: str  # "岗位实习" / "认识实习"
    placements: list[PlacementSummary]
    total_students: int
    minors_with_consent: int  # under-18 students whose guardians consented
    requirements: NotRequired[list[str]]  # extra numbered instructions; a standard list if absent
    copy_to: NotRequired[list[str]]  # 抄送 organisations


class ConsentLetterContext(TypedDict):
    """documents/consent_letter.html: the 监护人知情同意书 handed to a guardian, with the QR of
    their one-time consent link and a tear-off reply slip (回执)."""

    school: School
    unit: Unit
    student_name: str
    student_class: str
    guardian_name: str
    placement: Placement
    consent_url: str  # the guardian's one-time link (absolute URL)
    reply_by: date  # consent window closes


# --- 办学资质年检 (RULES §1; the provincial opinion's §8) ------------------------------------
# Issued by the province: `issuer` "辽宁省教育厅". The two notices print `issuer` + "文件" as
# their red 发文机关标志 unless the context gives `authority_mark`.


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
    """Who at the issuing office answers questions (an office phone, not a mobile)."""

    department: str  # e.g. "辽宁省教育厅职业教育与成人教育处"
    name: str  # e.g. "王老师"
    phone: str  # e.g. "024-86900000"


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
    contact: Contact
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
