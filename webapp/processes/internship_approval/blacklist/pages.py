"""The 违法失信单位名单 page: search, add, remove (移出名单), import a file, export to Excel."""

from __future__ import annotations

from datetime import date

from flask import (
    Blueprint,
    Response,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user

from webapp.admin import admin_required
from webapp.clock import current_clock
from webapp.display import datetime_text
from webapp.errors import DomainError
from webapp.exports import XLSX_MIMETYPE, Column, attachment_header, workbook_bytes
from webapp.extensions import db
from webapp.local_time import local_date
from webapp.processes.internship_approval.blacklist import service
from webapp.processes.internship_approval.blacklist.fields import LABELS
from webapp.processes.internship_approval.blacklist.importing import (
    COLUMNS,
    MAX_IMPORT_BYTES,
    MAX_ROWS,
    BlacklistImportError,
)
from webapp.processes.internship_approval.models.unit_blacklist import STATUSES, BlacklistedUnit
from webapp.request_args import page_arg

bp = Blueprint("blacklist", __name__)

PAGE_SIZE = 50
EXPORT_CAP = 50_000
EXPORT_COLUMNS = [
    Column("统一社会信用代码", 22),
    Column("单位名称", 36),
    Column("列入原因", 36),
    Column("来源", 28),
    Column("列入日期", 12),
    Column("有效期至", 12),
    Column("状态", 8),
    Column("更新时间", 18),
    Column("更新人", 12),
]


def _today() -> date:
    return local_date(current_clock().now())


def _search_args(source) -> dict[str, str]:
    """The search box and status filter, from the query string or a form's hidden fields."""
    status = source.get("status", "")
    return {"q": source.get("q", "").strip()[:200], "status": status if status in STATUSES else ""}


def _page(values=None, errors=None, import_problems=None, status: int = 200):
    today = _today()
    search = _search_args(request.args)
    html = render_template(
        "internship_approval/blacklist.html",
        page=service.search(search["q"], search["status"], today, page_arg(), PAGE_SIZE),
        search=search,
        args=request.args,
        statuses=STATUSES,
        today=today,
        labels=LABELS,
        values=values or {},
        errors=errors or {},
        import_problems=import_problems or [],
        columns=COLUMNS,
        max_import_mb=MAX_IMPORT_BYTES // (1024 * 1024),
        max_rows=MAX_ROWS,
    )
    return html, status


@bp.get("/blacklist")
@admin_required
def blacklist_page():
    return _page()


@bp.post("/blacklist")
@admin_required
def blacklist_add():
    values = {field: request.form.get(field, "") for field in LABELS}
    try:
        entry, outcome = service.add(values, current_user, current_clock())
    except DomainError as error:
        db.session.rollback()
        return _page(values, error.fields or {"_form": error.message}, status=422)
    db.session.commit()
    flash(
        {
            "created": f"已将“{entry.label}”列入违法失信单位名单。",
            "updated": f"“{entry.label}”原已在名单中，已更新其信息。",
            "unchanged": f"“{entry.label}”已在名单中，信息没有变化。",
        }[outcome]
    )
    return redirect(url_for("blacklist.blacklist_page"))


@bp.post("/blacklist/<int:entry_id>/remove")
@admin_required
def blacklist_remove(entry_id: int):
    back = url_for("blacklist.blacklist_page", **_search_args(request.form))
    try:
        entry = service.deactivate(
            entry_id, current_user, current_clock(), request.form.get("reason", "")
        )
    except DomainError as error:
        db.session.rollback()
        if error.status == 404:
            raise
        flash(error.message, "error")
        return redirect(back)
    db.session.commit()
    flash(f"已将“{entry.label}”移出违法失信单位名单。")
    return redirect(back)


@bp.post("/blacklist/import")
@admin_required
def blacklist_import():
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        return _page(import_problems=["请选择要导入的文件（.csv 或 .xlsx）"], status=422)
    try:
        result = service.import_file(upload.stream, upload.filename, current_user, current_clock())
    except BlacklistImportError as error:
        db.session.rollback()
        return _page(import_problems=error.problems, status=422)
    db.session.commit()
    flash(result.summary)
    return redirect(url_for("blacklist.blacklist_page"))


def _row(entry: BlacklistedUnit, today: date) -> list[object]:
    return [
        entry.credit_code or "",
        entry.unit_name,
        entry.reason,
        entry.source,
        entry.listed_on.isoformat() if entry.listed_on else "",
        entry.expires_on.isoformat() if entry.expires_on else "",
        STATUSES[entry.status(today)],
        datetime_text(entry.updated_at),
        entry.updated_by.label if entry.updated_by else "",
    ]


@bp.get("/blacklist/export.xlsx")
@admin_required
def blacklist_export():
    """Every entry the page's search gives, newest first, up to EXPORT_CAP."""
    today, search = _today(), _search_args(request.args)
    entries = service.matching(search["q"], search["status"], today, EXPORT_CAP + 1)
    note = None
    if len(entries) > EXPORT_CAP:
        note = f"仅导出前 {EXPORT_CAP} 条；请按状态或关键词缩小范围后分批导出。"
        entries = entries[:EXPORT_CAP]
    shown = STATUSES.get(search["status"], "全部")
    title = (
        f"违法失信单位名单（{shown}{'，含“' + search['q'] + '”' if search['q'] else ''}）"
        f"　导出日期：{today.isoformat()}　共 {len(entries)} 条"
    )
    data = workbook_bytes(
        EXPORT_COLUMNS,
        (_row(entry, today) for entry in entries),
        title=title,
        sheet_name="违法失信单位名单",
        note=note,
    )
    day = today.isoformat()
    return Response(
        data,
        mimetype=XLSX_MIMETYPE,
        headers={
            "Content-Disposition": attachment_header(
                f"违法失信单位名单-{day}.xlsx", f"blacklist-{day}.xlsx"
            ),
            "Cache-Control": "no-store",
        },
    )
