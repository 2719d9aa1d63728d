"""专业设置 pages: the year's overview and where to start, the published list (公示, public,
with its Excel export), and the panels on the case and task pages."""

from __future__ import annotations

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user, login_required
from sqlalchemy import func, select

from webapp.clock import current_clock
from webapp.documents import open_document
from webapp.exports import XLSX_MIMETYPE, Column, attachment_header, workbook_bytes
from webapp.extensions import db
from webapp.local_time import local_date
from webapp.models import ProcessInstance, User, WorkItem
from webapp.models.scope import acts_for_province, visible_instances
from webapp.request_args import int_arg

from . import experts, papers
from .published import approved_changes, by_section
from .rules import KINDS, window_notice
from .window import window

KEY = "major_adjustment"
bp = Blueprint("major_adjustment", __name__, template_folder="templates")
EXPORT_COLUMNS = [
    Column("类别", 12),
    Column("市", 10),
    Column("学校代码", 12),
    Column("学校", 30),
    Column("专业", 26),
    Column("内容", 36),
    Column("方式", 8),
    Column("批准日期", 12),
]


def _year() -> int:
    """?year= (this year when absent); a year that is not a number, or out of range, is 404."""
    today = local_date(current_clock().now())
    if not request.args.get("year"):
        return today.year
    year = int_arg("year")
    if year is None or not 2000 <= year <= today.year + 1:
        abort(404)
    return year


@bp.get("/")
@login_required
def index():
    if current_user.role == "expert":
        abort(404)
    today = local_date(current_clock().now())
    opens, closes = window(today)
    mine = visible_instances(current_user).where(ProcessInstance.process_key == KEY)
    steps = db.session.execute(
        select(WorkItem.name, func.count())
        .where(
            WorkItem.status == "open",
            WorkItem.process_key == KEY,
            WorkItem.instance_id.in_(mine.with_only_columns(ProcessInstance.id)),
        )
        .group_by(WorkItem.name)
        .order_by(WorkItem.name)
    ).all()
    return render_template(
        "major_adjustment/index.html",
        opens=opens,
        closes=closes,
        notice=window_notice(today, (opens, closes)),
        steps=steps,
        can_start=current_user.org is not None and current_user.org.kind == "school",
        year=today.year,
    )


@bp.get("/published")
def published():
    """公示: open to anyone, as a published list is."""
    year = _year()
    return render_template(
        "major_adjustment/published.html",
        year=year,
        sections=by_section(approved_changes(year)),
        notice=papers.latest_yearly_notice(year),
        can_issue=current_user.is_authenticated and acts_for_province(current_user),
    )


@bp.post("/published/notice")
@login_required
def issue_notice():
    """The province issues the year's notice from the published list."""
    if not acts_for_province(current_user):
        abort(404)
    year = int_arg("year")
    today = local_date(current_clock().now())
    if year is None or not 2000 <= year <= today.year:
        abort(404)
    sections = by_section(approved_changes(year))
    if not any(changes for _label, changes in sections):
        flash(f"{year}年还没有批准的专业设置，无需发文。", "error")
        return redirect(url_for("major_adjustment.published", year=year))
    document = papers.yearly_notice(year, sections, current_user, current_clock())
    db.session.commit()
    flash(f"已签发《{document.title}》（{document.doc_number}）。")
    return redirect(url_for("major_adjustment.published", year=year))


@bp.get("/published/notice.pdf")
def notice_pdf():
    """The latest yearly notice: public, like the list it publishes."""
    document = papers.latest_yearly_notice(_year())
    if document is None:
        abort(404)
    body = open_document(document, current_app.config["UPLOAD_DIR"])
    return Response(
        body,
        mimetype="application/pdf",
        headers={
            "Content-Disposition": attachment_header(
                f"{document.title}.pdf", f"major-notice-{document.id}.pdf"
            )
        },
    )


@bp.get("/published.xlsx")
def published_export():
    year = _year()
    changes = approved_changes(year)
    labels = {"add": "新增", "transform": "改造升级", "adjust": "调整", "stop": "停办"}
    rows = (
        [
            labels[c.kind],
            c.city,
            c.school_code,
            c.school,
            c.major,
            c.detail,
            c.approval,
            c.approved_at,
        ]
        for c in changes
    )
    data = workbook_bytes(
        EXPORT_COLUMNS,
        rows,
        title=f"{year}年中等职业学校专业设置结果公示　共 {len(changes)} 项",
        sheet_name="专业设置结果",
    )
    return Response(
        data,
        mimetype=XLSX_MIMETYPE,
        headers={
            "Content-Disposition": attachment_header(
                f"{year}年专业设置结果公示.xlsx", f"major-changes-{year}.xlsx"
            ),
            "Cache-Control": "no-store",
        },
    )


def case_panel(instance: ProcessInstance, user: User) -> dict:
    data = instance.data or {}
    outcome = data.get("expert_outcome")
    # Experts see other experts' verdicts only once the panel has closed (outcome recorded).
    return {"data": data, "kind_label": KINDS.get(data.get("kind"), ""), "outcome": outcome}


def pool_panel(instance: ProcessInstance, user: User) -> dict:
    """The expert pool, for the province choosing whom to invite."""
    waiting = db.session.scalar(
        select(func.count())
        .select_from(WorkItem)
        .where(
            WorkItem.instance_id == instance.id,
            WorkItem.spec_id == "invite_experts",
            WorkItem.status == "open",
        )
    )
    if not waiting or not acts_for_province(user):
        return {"pool": None}
    load = experts.open_reviews()
    return {"pool": [(expert, load.get(expert.id, 0)) for expert in experts.pool()]}
