"""我的申请 (a school) / 流程查询 (an office): the cases a user may see, where each stands,
with filters, sorting, paging and an Excel export of exactly what is filtered."""

from __future__ import annotations

from flask import Response, current_app, render_template, request
from flask_login import current_user, login_required

from webapp.clock import current_clock
from webapp.display import date_text, datetime_text, is_overdue, local
from webapp.exports import XLSX_MIMETYPE, Column, attachment_header, workbook_bytes
from webapp.instances import bp
from webapp.instances.case_filters import describe, read_case_filter
from webapp.models.case_list import SORT_LABELS, CaseRow, all_cases, cases
from webapp.models.inbox import filter_choices
from webapp.models.process import STATUSES
from webapp.request_args import page_arg

EXPORT_CAP = 50_000
COLUMNS = [
    Column("编号", 16),
    Column("事项", 60),
    Column("流程", 18),
    Column("学校", 28),
    Column("城市", 14),
    Column("当前环节", 28),
    Column("办理人", 20),
    Column("截止日期", 12),
    Column("状态", 10),
    Column("发起时间", 17),
    Column("最近更新", 17),
]


def _heading() -> str:
    return "我的申请" if current_user.role == "school_staff" else "流程查询"


def _filter():
    choices = filter_choices(current_user)
    f, problems = read_case_filter(
        request.args,
        choices["processes"],
        {school.id for school in choices["schools"]},
        {city.id for city in choices["cities"]},
    )
    return f, problems, choices


@bp.get("/instances")
@login_required
def listing():
    f, problems, choices = _filter()
    now = current_clock().now()
    page = cases(current_user, f, now, page_arg(), current_app.config["INBOX_PAGE_SIZE"])
    return render_template(
        "instances.html",
        heading=_heading(),
        page=page,
        filters=f,
        args=request.args,
        problems=problems,
        statuses=STATUSES,
        sorts=SORT_LABELS,
        now=now,
        is_overdue=is_overdue,
        **choices,
    )


def _values(row: CaseRow, processes: dict[str, str]) -> list[object]:
    instance = row.instance
    summary = row.summary
    return [
        instance.business_key or "",
        instance.title,
        processes.get(instance.process_key, instance.process_key),
        instance.school.name if instance.school else "",
        instance.city.name if instance.city else "",
        "；".join(line.text for line in summary),
        "；".join(line.holder for line in summary),
        date_text(row.next_due),
        instance.status_label,
        datetime_text(instance.created_at),
        datetime_text(instance.updated_at),
    ]


@bp.get("/instances/export.xlsx")
@login_required
def export():
    """Every case the page's filter and sort give, in the page's order, up to EXPORT_CAP."""
    f, _problems, choices = _filter()
    now = current_clock().now()
    rows = all_cases(current_user, f, now, EXPORT_CAP + 1)
    note = None
    if len(rows) > EXPORT_CAP:
        note = f"超过 {EXPORT_CAP} 条，仅导出前 {EXPORT_CAP} 条；请缩小筛选范围后分批导出。"
        rows = rows[:EXPORT_CAP]
    orgs = {org.id: org.name for org in choices["schools"] + choices["cities"]}
    moment = local(now)
    title = (
        f"{_heading()}　{describe(f, choices['processes'], orgs)}"
        f"　导出时间：{moment:%Y-%m-%d %H:%M}　导出人：{current_user.label}　共 {len(rows)} 条"
    )
    data = workbook_bytes(
        COLUMNS,
        (_values(row, choices["processes"]) for row in rows),
        title=title,
        sheet_name=_heading(),
        note=note,
    )
    day = f"{moment:%Y-%m-%d}"
    return Response(
        data,
        mimetype=XLSX_MIMETYPE,
        headers={
            "Content-Disposition": attachment_header(
                f"{_heading()}-{day}.xlsx", f"cases-{day}.xlsx"
            ),
            "Cache-Control": "no-store",
        },
    )
