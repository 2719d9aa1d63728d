"""/consent/<token>: what the placement is, the rules that protect the student, 同意 / 不同意."""

from __future__ import annotations

from flask import redirect, render_template, request, url_for
from flask_login import current_user

from webapp.clock import current_clock
from webapp.errors import DomainError, NotFound
from webapp.extensions import db
from webapp.processes.internship_approval import consents
from webapp.processes.internship_approval.consent_pages import bp
from webapp.processes.internship_approval.rules.flow import FEE_FLAGS
from webapp.processes.internship_approval.rules.students import is_minor

PROTECTIONS = [
    "学生参加岗位实习时须年满 16 周岁，一年级学生不参加岗位实习。",
    "学校组织的岗位实习须取得学生及其监护人签字的知情同意书；学生及监护人明确不同意学校安排的，"
    "可自行选择符合条件的岗位实习单位。",
    "不得安排学生到酒吧、夜总会、歌厅、洗浴中心、电子游戏厅、网吧等场所实习。",
    "不得安排高空、井下、放射性、有毒、易燃易爆等危险岗位，不得安排Ⅲ级强度及以上体力劳动；"
    "不得安排未成年学生从事未成年工禁忌从事的劳动、女学生从事女职工禁忌从事的劳动。",
    "原则上不得安排学生在休息日、法定节假日和夜间实习，不得安排加班。",
    "实习报酬原则上不低于本单位相同岗位工资标准的 80% 或最低档工资标准，以货币形式直接支付给学生，"
    "支付周期原则上不超过 1 个月，不得以物品、代金券代替或经过第三方转发。",
    "学校和实习单位不得向学生收取实习押金、培训费、实习报酬提成、管理费、实习材料费、就业服务费等费用，"
    "不得扣押学生身份证等证件。",
    "学校须为学生购买实习责任保险，保费不得由学生承担。",
    "学校安排指导教师、实习单位安排指导人员，全程跟踪学生的实习和安全。",
]


def _page(token: str, message: str = "", status: int = 200):
    try:
        consent = consents.find(token)
    except NotFound as error:
        return render_template("internship_approval/unknown.html", message=error.message), 404
    data = consent.instance.data or {}
    students = data.get("students") or []
    student = students[consent.student_index] if consent.student_index < len(students) else {}
    html = render_template(
        "internship_approval/guardian.html",
        consent=consent,
        state=consents.state(consent, current_clock()),
        placement=data,
        minor=is_minor(student, data.get("start_date")),
        school=consent.instance.school,
        protections=PROTECTIONS,
        fee_flags=FEE_FLAGS,
        message=message,
    )
    return html, status


@bp.get("/consent/<token>")
def guardian(token: str):
    return _page(token)


@bp.post("/consent/<token>")
def answer(token: str):
    if current_user.is_authenticated:
        # Staff who can see the letter must not answer for the guardian.
        message = "此链接仅供监护人本人答复。学校工作人员请在流程详情页“录入纸质回执”。"
        return _page(token, message, 403)
    try:
        consents.answer_by_link(
            token,
            request.form.get("consent", ""),
            request.form.get("consent_note", ""),
            current_clock(),
            ip=request.remote_addr or "",
            agent=request.headers.get("User-Agent", ""),
        )
    except DomainError as error:
        db.session.rollback()
        return _page(token, error.message, error.status)
    db.session.commit()
    return redirect(url_for("consent.guardian", token=token))
