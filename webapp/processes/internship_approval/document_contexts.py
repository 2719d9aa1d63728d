"""What the internship documents' templates expect (see webapp/documents/contexts.py for the
facts every document also receives)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import NotRequired, TypedDict

from webapp.documents.contexts import School


class Unit(TypedDict):
    """The internship unit (实习单位); the school (甲方) has the same shape. An empty address,
    contact or phone is left out of the documents, never printed blank."""

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
    work_days: str  # e.g. "周一至周五", from the application; "" leaves it out
    work_hours: str  # e.g. "8:30—12:00，13:30—17:30"; "" leaves it out
    daily_hours: int | Decimal  # at most 8
    monthly_pay: int | Decimal | str  # yuan
    pay_cycle: NotRequired[str]  # 每月 / 每半月 / 每周 / 每日 (at least monthly, 2021 第十八条)
    pay_day: int | None  # paid by this day of the following month; None leaves it out
    pay_floor_percent: NotRequired[int]  # the province's share of the same post's wage (80)
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
    sources: object  # webapp.sources: the regulation's name as the product cites it
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
    """documents/approval_decision.html: the city bureau's 备案回执 (GB/T 9704 layout) answering
    a school's internship filing (备案): a receipt, not a 批复. Counts only: no names, no ID
    numbers. Its 文号 comes from the internship.filing_number_* settings."""

    authority_mark: str  # 发文机关标志, e.g. "沈阳市教育局文件"
    title: str  # e.g. "沈阳市教育局关于沈阳市装备制造工程学校学生岗位实习的备案回执"
    addressee: str  # 主送机关, e.g. "沈阳市装备制造工程学校"
    application_date: date  # when the school filed
    kind: str  # "岗位实习" / "认识实习"
    placements: list[PlacementSummary]
    total_students: int
    minors_with_consent: int  # under-18 students placed (each with a guardian's consent)
    with_consent: NotRequired[int]  # students placed with a signed informed-consent form
    sources: object  # webapp.sources
    requirements: NotRequired[list[str]]  # extra numbered instructions; a standard list if absent
    copy_to: NotRequired[list[str]]  # 抄送 organisations


class ConsentLetterContext(TypedDict):
    """documents/consent_letter.html: the 监护人知情同意书 handed to a guardian, with the QR of
    their one-time consent link and a tear-off reply slip (回执)."""

    school: School
    unit: Unit
    student_name: str
    student_class: str
    student_is_minor: NotRequired[bool]  # only a minor's letter says the student is under 18
    guardian_name: str
    placement: Placement
    consent_url: str  # the guardian's one-time link (absolute URL)
    reply_by: date  # consent window closes
    sources: object  # webapp.sources


# --- 办学资质年检 (RULES §1; the provincial opinion's §8) ------------------------------------
# Issued by the province: `issuer` "辽宁省教育厅". The two notices print `issuer` + "文件" as
# their red 发文机关标志 unless the context gives `authority_mark`.
