"""The dashboard page (GET /supervision/) and its Excel export (GET /supervision/export.xlsx)."""

from __future__ import annotations

from dataclasses import replace

from flask import Response, render_template, request
from flask_login import current_user

from webapp.clock import current_clock
from webapp.exports import XLSX_MIMETYPE, attachment_header, workbook_bytes
from webapp.models.supervision import (
    ESCALATION_FILTERS,
    STATES,
    count_of,
    overdue_bars,
    read_page,
    read_rows,
    read_summary,
)
from webapp.request_args import parse_int
from webapp.services import process_hooks
from webapp.slots import render_page_panels
from webapp.supervision import bp, supervisor_required
from webapp.supervision.chart import bar_chart
from webapp.supervision.filters import choices_for, describe, parse, today
from webapp.supervision.notes import with_notes
from webapp.supervision.sheet import COLUMNS, values

PAGE_SIZE = 50
EXPORT_CAP = 50_000


def _page_number(problems: dict) -> int:
    raw = request.args.get("page", "")
    page = parse_int(raw)
    if raw and (page is None or page < 1):
        problems["page"] = "页码应为正整数，已显示第 1 页。"
    return page if page and page > 0 else 1


@bp.get("/")
@supervisor_required
def dashboard():
    choices = choices_for(current_user)
    f, problems = parse(request.args, current_user, choices)
    now = today()
    page, totals = read_page(current_user, f, now, _page_number(problems), PAGE_SIZE)
    page = replace(page, items=with_notes(page.items))
    return render_template(
        "supervision/dashboard.html",
        page=page,
        totals=totals,
        chart=bar_chart(overdue_bars(current_user, f, now)),
        filters=f,
        args=request.args,
        problems=problems,
        choices=choices,
        states=STATES,
        escalations=ESCALATION_FILTERS,
        process_panels=render_page_panels("supervision", current_user),
    )


@bp.get("/export.xlsx")
@supervisor_required
def export():
    """Every row the page's filter and sort give, in the page's order, up to EXPORT_CAP."""
    choices = choices_for(current_user)
    f, _problems = parse(request.args, current_user, choices)  # left out exactly as on the page
    now = today()
    rows = with_notes(read_rows(current_user, f, now, EXPORT_CAP + 1))
    note = None
    if len(rows) > EXPORT_CAP:
        total = count_of(f, read_summary(current_user, f, now))
        note = f"共 {total} 条，仅导出前 {EXPORT_CAP} 条；请缩小筛选范围后分批导出。"
        rows = rows[:EXPORT_CAP]
    local = now.now.astimezone(now.zone)
    title = (
        f"督办清单　{describe(f, choices)}　导出时间：{local:%Y-%m-%d %H:%M}"
        f"　导出人：{current_user.label}　共 {len(rows)} 条"
    )
    data = workbook_bytes(
        COLUMNS,
        (values(row) for row in rows),
        title=title,
        sheet_name="督办清单",
        note=note,
        more_sheets=process_hooks.supervision_sheets(current_user, current_clock()),
    )
    day = f"{local:%Y-%m-%d}"
    return Response(
        data,
        mimetype=XLSX_MIMETYPE,
        headers={
            "Content-Disposition": attachment_header(
                f"督办清单-{day}.xlsx", f"supervision-{day}.xlsx"
            ),
            "Cache-Control": "no-store",
        },
    )
