"""The working-day calendar page: a year's days off and makeup days, edits, and file import."""

from __future__ import annotations

from datetime import date

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from webapp.admin import admin_required, bp
from webapp.clock import current_clock
from webapp.errors import DomainError
from webapp.extensions import db
from webapp.local_time import local_date
from webapp.request_args import parse_int
from webapp.workdays import service
from webapp.workdays.calendar import package_year_range
from webapp.workdays.importing import MAX_IMPORT_BYTES, CalendarImportError, parse_day, parse_kind
from webapp.workdays.overview import year_overview

FIRST_YEAR, LAST_YEAR = 2000, 2100
KINDS = {"休": "休（放假）", "班": "班（上班）"}


def _year(raw: str | None) -> int:
    year = parse_int(raw)
    if year is not None and FIRST_YEAR <= year <= LAST_YEAR:
        return year
    return local_date(current_clock().now()).year


def _page(year: int, values=None, errors=None, import_problems=None, status: int = 200):
    html = render_template(
        "admin/calendar.html",
        overview=year_overview(year),
        covered=package_year_range(),
        kinds=KINDS,
        values=values or {},
        errors=errors or {},
        import_problems=import_problems or [],
        max_import_kb=MAX_IMPORT_BYTES // 1024,
    )
    return html, status


def _back(year: int):
    return redirect(url_for("admin.calendar", year=year))


@bp.get("/calendar")
@admin_required
def calendar():
    return _page(_year(request.args.get("year")))


def _parse_day_form(form) -> tuple[date | None, bool | None, dict[str, str]]:
    errors, day, is_working = {}, None, None
    try:
        day = parse_day(form.get("day", ""))
    except ValueError:
        errors["day"] = f"请填写 {FIRST_YEAR}–{LAST_YEAR} 年间的有效日期，如 2027-02-06"
    try:
        is_working = parse_kind(form.get("kind", ""))
    except ValueError:
        errors["kind"] = "请选择“休”或“班”"
    return day, is_working, errors


@bp.post("/calendar/days")
@admin_required
def calendar_set_day():
    year = _year(request.form.get("year"))
    day, is_working, errors = _parse_day_form(request.form)
    if errors:
        return _page(year, request.form, errors, status=422)
    try:
        service.set_day(
            day, is_working, request.form.get("note", ""), current_user, current_clock()
        )
    except DomainError as error:
        db.session.rollback()
        return _page(year, request.form, error.fields or {"_form": error.message}, status=422)
    db.session.commit()
    flash(f"已将 {day.isoformat()} 设为{'上班' if is_working else '放假'}。")
    return _back(day.year)


@bp.post("/calendar/days/<day>/delete")
@admin_required
def calendar_delete_day(day: str):
    try:
        parsed = date.fromisoformat(day)
    except ValueError:
        abort(404)
    service.delete_day(parsed, current_user, current_clock())
    db.session.commit()
    flash(f"已删除 {parsed.isoformat()} 的调整，该日恢复按软件包数据（或周一至周五）计算。")
    return _back(parsed.year)


@bp.post("/calendar/import")
@admin_required
def calendar_import():
    year = _year(request.form.get("year"))
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        return _page(year, import_problems=["请选择要导入的文件（.csv 或 .xlsx）"], status=422)
    if not upload.filename.lower().endswith((".csv", ".xlsx")):
        return _page(year, import_problems=["只接受 .csv 或 .xlsx 文件"], status=422)
    complete_year = year if request.form.get("complete") else None
    try:
        result = service.import_file(
            upload.stream, upload.filename, current_user, current_clock(), complete_year
        )
    except CalendarImportError as error:
        db.session.rollback()
        return _page(year, import_problems=error.problems, status=422)
    db.session.commit()
    flash(result.summary)
    return _back(year)


@bp.post("/calendar/year")
@admin_required
def calendar_year():
    year = _year(request.form.get("year"))
    complete = request.form.get("complete") == "1"
    service.set_year_complete(year, complete, current_user, current_clock())
    db.session.commit()
    flash(f"已{'标记' if complete else '取消标记'} {year} 年日历完整录入。")
    return _back(year)
