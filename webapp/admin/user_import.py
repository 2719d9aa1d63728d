"""从 Excel 导入用户: the upload form with its template, the refused file handed back with a
问题 column to fix and send again, and the result sheet of initial passwords (shown once)."""

from __future__ import annotations

import base64

from flask import Response, current_app, render_template, request
from flask_login import current_user

from webapp.admin import admin_required, bp
from webapp.clock import current_clock
from webapp.exports import XLSX_MIMETYPE, Column, attachment_header, workbook_bytes
from webapp.extensions import db
from webapp.local_time import local_date
from webapp.services.user_import import (
    COLUMNS,
    MAX_IMPORT_BYTES,
    MAX_ROWS,
    UserImportError,
    import_users,
)
from webapp.spreadsheets import read_upload

NO_STORE = {"Cache-Control": "no-store"}
TEMPLATE_EXAMPLE = ("zhang.san", "张三", "学校管理员", "21010001", "zhangsan@example.cn")


def _data_uri(data: bytes) -> str:
    """A download carried inside the page: nothing (no password) is kept on the server."""
    return f"data:{XLSX_MIMETYPE};base64,{base64.b64encode(data).decode('ascii')}"


def _page(problems=None, marked=None, created=None, status: int = 200):
    html = render_template(
        "admin/user_import.html",
        columns=COLUMNS,
        problems=problems or [],
        marked_sheet=_data_uri(_marked_sheet(marked)) if marked else None,
        created=created or [],
        result_sheet=_data_uri(_result_sheet(created)) if created else None,
        max_import_mb=MAX_IMPORT_BYTES // (1024 * 1024),
        max_rows=MAX_ROWS,
    )
    return html, status, NO_STORE


def _today() -> str:
    return local_date(current_clock().now()).isoformat()


def _marked_sheet(rows: list[dict]) -> bytes:
    columns = [Column(name, 16) for name in COLUMNS] + [Column("问题", 60)]
    return workbook_bytes(
        columns,
        ([row.get(c.header, "") for c in columns] for row in rows),
        title=f"用户导入（未导入）：改正“问题”列所列内容后删除本行标题，重新上传　{_today()}",
        sheet_name="用户",
    )


def _result_sheet(created) -> bytes:
    columns = [Column(name, 16) for name in ("用户名", "姓名", "角色", "机构", "初始密码")]
    rows = (
        [
            c.user.username,
            c.user.display_name,
            c.user.role_label,
            c.user.org.name if c.user.org else "",
            c.password,
        ]
        for c in created
    )
    note = (
        "初始密码只提供这一次，系统不保存明文；用户首次登录后必须修改密码。请妥善分发后删除本文件。"
    )
    return workbook_bytes(
        columns, rows, title=f"导入的用户及初始密码　{_today()}", sheet_name="用户", note=note
    )


@bp.get("/users/import")
@admin_required
def user_import_page():
    return _page()


@bp.get("/users/import/template.xlsx")
@admin_required
def user_import_template():
    data = workbook_bytes(
        [Column(name, 16) for name in COLUMNS],
        [TEMPLATE_EXAMPLE],
        title="用户导入模板：删除本行标题和示例行后填写；角色填中文名称，机构代码见机构管理",
        sheet_name="用户",
    )
    disposition = attachment_header("用户导入模板.xlsx", "users-template.xlsx")
    return Response(data, mimetype=XLSX_MIMETYPE, headers={"Content-Disposition": disposition})


@bp.post("/users/import")
@admin_required
def user_import():
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        return _page(["请选择要导入的文件（.xlsx 或 .csv）"], status=422)
    try:
        created = import_users(
            read_upload(upload.stream, MAX_IMPORT_BYTES),
            upload.filename,
            current_user,
            current_clock(),
            current_app.config["PASSWORD_HASH_METHOD"],
        )
    except UserImportError as error:
        db.session.rollback()
        return _page(error.problems, error.rows, status=422)
    db.session.commit()
    return _page(created=created)
