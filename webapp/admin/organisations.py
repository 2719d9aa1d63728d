"""The 机构管理 pages: the province's tree with filters, add a school under a city, rename a
school, deactivate or reactivate it (see services.organisations for what that means)."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from webapp.admin import admin_required, bp
from webapp.clock import current_clock
from webapp.errors import DomainError
from webapp.extensions import db
from webapp.models.org import KINDS
from webapp.request_args import parse_int
from webapp.services import organisations


def _filters(args) -> organisations.OrgFilters:
    city = parse_int(args.get("city"))
    return organisations.OrgFilters(
        city_id=city if city is not None and 0 < city < 2**31 else None,
        kind=args.get("kind", "") if args.get("kind") in KINDS else "",
        active=args.get("active", "") if args.get("active") in ("0", "1") else "",
        q=args.get("q", "").strip()[:64],
    )


def _list_page(values=None, errors=None, status: int = 200):
    filters = _filters(request.args)
    html = render_template(
        "admin/organisations.html",
        orgs=organisations.tree(filters),
        filters=filters,
        cities=organisations.cities(),
        kinds=KINDS,
        user_counts=organisations.user_counts(),
        values=values or {},
        errors=errors or {},
    )
    return html, status


@bp.get("/organisations")
@admin_required
def organisations_page():
    return _list_page()


@bp.post("/organisations")
@admin_required
def organisation_add():
    form = request.form
    code, name = form.get("code", "").strip(), form.get("name", "").strip()
    try:
        school = organisations.add_school(
            code, name, form.get("city", "").strip(), current_user, current_clock()
        )
    except DomainError as error:
        db.session.rollback()
        return _list_page(form, error.fields or {"_form": error.message}, 422)
    db.session.commit()
    flash(f"已新增学校 {school.name}（{school.code}）。")
    return redirect(url_for("admin.organisation_edit", org_id=school.id))


def _edit_page(org, values=None, errors=None, status: int = 200):
    html = render_template(
        "admin/organisation.html",
        org=org,
        values=values or {"name": org.name},
        errors=errors or {},
        users=organisations.user_counts().get(org.id, 0),
        open_cases=organisations.open_case_count(org),
    )
    return html, status


@bp.get("/organisations/<int:org_id>")
@admin_required
def organisation_edit(org_id: int):
    return _edit_page(organisations.get(org_id))


@bp.post("/organisations/<int:org_id>")
@admin_required
def organisation_save(org_id: int):
    org = organisations.get(org_id)
    name = request.form.get("name", "").strip()
    try:
        changed = organisations.rename(org, name, current_user, current_clock())
    except DomainError as error:
        db.session.rollback()
        return _edit_page(org, request.form, error.fields or {"_form": error.message}, 422)
    db.session.commit()
    flash(f"已将校名改为“{org.name}”。" if changed else "校名没有变化。")
    return redirect(url_for("admin.organisation_edit", org_id=org.id))


def _set_active(org_id: int, active: bool):
    org = organisations.get(org_id)
    try:
        organisations.set_active(org, active, current_user, current_clock())
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "error")
        return redirect(url_for("admin.organisation_edit", org_id=org.id))
    db.session.commit()
    if active:
        flash(f"已恢复学校 {org.name}：可以发起新事项。")
    else:
        flash(f"已停用学校 {org.name}：不能再发起新事项，已有事项照常办理。")
    return redirect(url_for("admin.organisation_edit", org_id=org.id))


@bp.post("/organisations/<int:org_id>/deactivate")
@admin_required
def organisation_deactivate(org_id: int):
    return _set_active(org_id, False)


@bp.post("/organisations/<int:org_id>/reactivate")
@admin_required
def organisation_reactivate(org_id: int):
    return _set_active(org_id, True)
