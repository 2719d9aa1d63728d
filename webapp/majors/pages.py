"""专业目录 pages: the admin's catalogue (search, import, export) and a school's major list."""

from __future__ import annotations

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy.orm import selectinload

from webapp.admin import admin_required
from webapp.clock import current_clock
from webapp.exports import XLSX_MIMETYPE, Column, attachment_header, workbook_bytes
from webapp.extensions import db
from webapp.local_time import local_date
from webapp.request_args import page_arg

from . import service
from .importing import COLUMNS, MAX_IMPORT_BYTES, MAX_ROWS, CatalogueImportError
from .models import (
    FIELD_LABELS,
    STATUSES,
    SchoolMajorChange,
    catalogue_categories,
    catalogue_versions,
    changes_of,
    school_majors,
)
from .queries import schools_for, scoped_school

bp = Blueprint("majors", __name__, template_folder="templates")

PAGE_SIZE = 50
EXPORT_CAP = 20_000
EXPORT_COLUMNS = [
    Column("专业代码", 10),
    Column("专业名称", 28),
    Column("专业大类", 22),
    Column("专业类", 22),
    Column("涉农", 6),
    Column("国家控制布点", 12),
    Column("有效期起", 12),
    Column("有效期止", 12),
    Column("目录版本", 12),
]


def _search_args(source) -> dict[str, str]:
    return {
        "q": source.get("q", "").strip()[:100],
        "category": source.get("category", "").strip()[:2],
        "version": source.get("version", "").strip()[:32],
    }


def _page(import_problems=None, status: int = 200):
    search = _search_args(request.args)
    html = render_template(
        "majors/catalogue.html",
        page=service.search(
            search["q"], search["category"], search["version"], page_arg(), PAGE_SIZE
        ),
        search=search,
        args=request.args,
        versions=catalogue_versions(),
        categories=catalogue_categories(),
        import_problems=import_problems or [],
        columns=COLUMNS,
        max_import_mb=MAX_IMPORT_BYTES // (1024 * 1024),
        max_rows=MAX_ROWS,
    )
    return html, status


@bp.get("/admin/majors")
@admin_required
def catalogue_page():
    return _page()


@bp.post("/admin/majors/import")
@admin_required
def catalogue_import():
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        return _page(["请选择要导入的文件（.csv 或 .xlsx）"], 422)
    version = request.form.get("version", "")
    try:
        result = service.import_file(
            upload.stream, upload.filename, version, current_user, current_clock()
        )
    except CatalogueImportError as error:
        db.session.rollback()
        return _page(error.problems, 422)
    db.session.commit()
    flash(result.summary)
    return redirect(url_for("majors.catalogue_page", version=result.version))


def _row(entry) -> list[object]:
    return [
        entry.code,
        entry.name,
        f"{entry.category_code} {entry.category_name}",
        f"{entry.class_code} {entry.class_name}",
        "是" if entry.agricultural else "否",
        "是" if entry.state_controlled else "否",
        entry.valid_from.isoformat() if entry.valid_from else "",
        entry.valid_to.isoformat() if entry.valid_to else "",
        entry.version,
    ]


@bp.get("/admin/majors/export.xlsx")
@admin_required
def catalogue_export():
    """Every row the page's search gives, in the page's order, up to EXPORT_CAP."""
    search = _search_args(request.args)
    entries = service.matching(search["q"], search["category"], search["version"], EXPORT_CAP + 1)
    note = None
    if len(entries) > EXPORT_CAP:
        note = f"仅导出前 {EXPORT_CAP} 条；请缩小范围后分批导出。"
        entries = entries[:EXPORT_CAP]
    day = local_date(current_clock().now()).isoformat()
    data = workbook_bytes(
        EXPORT_COLUMNS,
        (_row(entry) for entry in entries),
        title=f"中等职业教育专业目录　导出日期：{day}　共 {len(entries)} 条",
        sheet_name="专业目录",
        note=note,
    )
    return Response(
        data,
        mimetype=XLSX_MIMETYPE,
        headers={
            "Content-Disposition": attachment_header(f"专业目录-{day}.xlsx", f"majors-{day}.xlsx"),
            "Cache-Control": "no-store",
        },
    )


@bp.get("/majors/schools")
@login_required
def schools_page():
    schools = schools_for(current_user)
    if not schools:
        abort(404)
    return render_template("majors/schools.html", schools=schools)


@bp.get("/majors/schools/<code>")
@login_required
def school_page(code: str):
    """A school's majors and their history; a school out of scope answers 404 like a missing one."""
    school = scoped_school(current_user, code)
    if school is None:
        abort(404)
    majors = db.session.scalars(school_majors(school.id)).all()
    changes = db.session.scalars(
        changes_of(school.id).options(selectinload(SchoolMajorChange.actor)).limit(50)
    ).all()
    return render_template(
        "majors/school.html",
        school=school,
        majors=majors,
        changes=changes,
        statuses=STATUSES,
        labels=FIELD_LABELS,
    )
