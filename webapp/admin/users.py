"""The 用户管理 pages: list with filters and export, create, edit, disable or enable, and reset
a password (shown once). Import from a spreadsheet is in admin/user_import.py."""

from __future__ import annotations

from flask import Response, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from webapp.admin import admin_required, bp
from webapp.clock import current_clock
from webapp.errors import DomainError
from webapp.exports import XLSX_MIMETYPE, Column, attachment_header, workbook_bytes
from webapp.extensions import db
from webapp.local_time import local_date
from webapp.models import ROLES
from webapp.models.paging import paginate
from webapp.models.user_list import UserFilters, organisations_for_picking, users_matching
from webapp.request_args import page_arg, parse_int
from webapp.services import passwords, users

PAGE_SIZE = 50
EXPORT_CAP = 20_000
EXPORT_COLUMNS = [
    Column("用户名", 16),
    Column("姓名", 24),
    Column("角色", 12),
    Column("机构代码", 12),
    Column("机构", 30),
    Column("邮箱", 26),
    Column("状态", 8),
]
NO_STORE = {"Cache-Control": "no-store"}


def _filters(args) -> UserFilters:
    org = parse_int(args.get("org"))
    return UserFilters(
        role=args.get("role", "").strip()[:32],
        org_id=org if org is not None and 0 < org < 2**31 else None,
        active=args.get("active", "") if args.get("active") in ("0", "1") else "",
        q=args.get("q", "").strip()[:64],
    )


@bp.get("/users")
@admin_required
def users_page():
    filters = _filters(request.args)
    page = paginate(users_matching(filters), page_arg(), PAGE_SIZE, clamp=True)
    return render_template(
        "admin/users.html",
        page=page,
        filters=filters,
        args=request.args,
        roles=ROLES,
        orgs=organisations_for_picking(),
    )


def _row(user) -> list[object]:
    org = user.org
    return [
        user.username,
        user.display_name,
        user.role_label,
        org.code if org else "",
        org.name if org else "",
        user.email or "",
        "启用" if user.active else "停用",
    ]


@bp.get("/users/export.xlsx")
@admin_required
def users_export():
    """Every user the page's filters give, in the page's order, up to EXPORT_CAP."""
    rows = db.session.scalars(users_matching(_filters(request.args)).limit(EXPORT_CAP + 1)).all()
    note = f"仅导出前 {EXPORT_CAP} 条；请缩小范围后分批导出。" if len(rows) > EXPORT_CAP else None
    rows = rows[:EXPORT_CAP]
    day = local_date(current_clock().now()).isoformat()
    data = workbook_bytes(
        EXPORT_COLUMNS,
        (_row(user) for user in rows),
        title=f"用户列表　导出日期：{day}　共 {len(rows)} 人",
        sheet_name="用户",
        note=note,
    )
    disposition = attachment_header(f"用户列表-{day}.xlsx", f"users-{day}.xlsx")
    return Response(
        data, mimetype=XLSX_MIMETYPE, headers={"Content-Disposition": disposition, **NO_STORE}
    )


def _form_page(user=None, values=None, errors=None, status: int = 200):
    html = render_template(
        "admin/user_form.html",
        user=user,
        values=values if values is not None else _values_of(user),
        errors=errors or {},
        roles=ROLES,
        orgs=organisations_for_picking(),
        rules=passwords.RULES_TEXT,
        history=users.history(user) if user else [],
    )
    return html, status


def _values_of(user) -> dict[str, str]:
    if user is None:
        return {"active": "1"}
    return {
        "username": user.username,
        "name": user.display_name,
        "email": user.email or "",
        "role": user.role,
        "org": user.org.code if user.org else "",
        "active": "1" if user.active else "0",
    }


def _password_page(user, password: str, created: bool):
    html = render_template(
        "admin/user_password.html", user=user, password=password, created=created
    )
    return html, 200, NO_STORE


@bp.get("/users/new")
@admin_required
def user_new():
    return _form_page()


@bp.post("/users")
@admin_required
def user_create():
    data = users.UserInput.from_form(request.form)
    password = request.form.get("password", "") or passwords.temporary_password(data.username)
    try:
        user = users.create(
            data,
            password,
            current_user,
            current_clock(),
            current_app.config["PASSWORD_HASH_METHOD"],
            temporary=True,
        )
    except DomainError as error:
        db.session.rollback()
        return _form_page(None, request.form, error.fields or {"_form": error.message}, 422)
    db.session.commit()
    return _password_page(user, password, created=True)


@bp.get("/users/<int:user_id>")
@admin_required
def user_edit(user_id: int):
    return _form_page(users.get(user_id))


@bp.post("/users/<int:user_id>")
@admin_required
def user_save(user_id: int):
    user = users.get(user_id)
    data = users.UserInput.from_form(request.form)
    try:
        changed = users.update(user, data, current_user, current_clock())
    except DomainError as error:
        db.session.rollback()
        values = request.form.to_dict() | {"username": user.username}
        return _form_page(user, values, error.fields or {"_form": error.message}, 422)
    db.session.commit()
    flash(f"已保存用户 {user.username} 的 {len(changed)} 项修改。" if changed else "没有修改。")
    return redirect(url_for("admin.user_edit", user_id=user.id))


def _set_active(user_id: int, active: bool):
    user = users.get(user_id)
    try:
        users.set_active(user, active, current_user, current_clock())
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "error")
        return redirect(url_for("admin.user_edit", user_id=user.id))
    db.session.commit()
    if active:
        flash(f"已启用用户 {user.username}。")
    else:
        flash(f"已停用用户 {user.username}：其登录和 API 令牌已失效，历史记录和已办事项保留。")
    return redirect(url_for("admin.user_edit", user_id=user.id))


@bp.post("/users/<int:user_id>/disable")
@admin_required
def user_disable(user_id: int):
    return _set_active(user_id, False)


@bp.post("/users/<int:user_id>/enable")
@admin_required
def user_enable(user_id: int):
    return _set_active(user_id, True)


@bp.post("/users/<int:user_id>/password")
@admin_required
def user_reset_password(user_id: int):
    user = users.get(user_id)
    try:
        password = users.reset_password(
            user,
            request.form.get("password", ""),
            current_user,
            current_clock(),
            current_app.config["PASSWORD_HASH_METHOD"],
        )
    except DomainError as error:
        db.session.rollback()
        errors = {"password": error.fields.get("password", error.message)}
        return _form_page(user, None, errors, 422)
    db.session.commit()
    return _password_page(user, password, created=False)
