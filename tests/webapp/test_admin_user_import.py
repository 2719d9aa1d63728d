"""从 Excel 导入用户: all or nothing, problems by row and column, the refused rows handed back
with a 问题 column, generated passwords shown once, limits, and formula-safe sheets."""

from __future__ import annotations

import base64
import io
import re

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select

from webapp.extensions import db
from webapp.models import Event, User
from webapp.services.user_import import MAX_ROWS

HEADER = ("用户名", "姓名", "角色", "机构代码", "邮箱")
GOOD = [
    ("wang.fang", "王芳", "学校管理员", 21010002, "wf@example.cn"),
    ("zhao.lei", "赵磊", "city_official", "210200", ""),
    ("qian.expert", "钱专家", "评审专家", "", None),
]


def _xlsx(rows, header=HEADER) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _upload(client, data: bytes, filename: str = "users.xlsx"):
    response = client.post(
        "/admin/users/import",
        data={"file": (io.BytesIO(data), filename)},
        content_type="multipart/form-data",
    )
    response.request.environ["wsgi.input"].close()
    return response


def _count(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(User))


def _sheet_in(html: str, name: str):
    uri = re.search(rf'href="data:[^;]+;base64,([^"]+)" download="{name}', html).group(1)
    return load_workbook(io.BytesIO(base64.b64decode(uri))).active


def test_a_good_file_creates_every_user_with_a_password_shown_once(demo, login_as):
    admin = login_as("admin")
    assert "下载导入模板" in admin.get("/admin/users/import").get_data(as_text=True)
    response = _upload(admin, _xlsx(GOOD))
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    html = response.get_data(as_text=True)
    assert "已导入 3 个用户" in html
    sheet = _sheet_in(html, "导入的用户及初始密码")
    rows = {row[0]: row for row in sheet.iter_rows(min_row=3, max_row=5, values_only=True)}
    assert set(rows) == {"wang.fang", "zhao.lei", "qian.expert"}
    password = rows["wang.fang"][4]
    with demo.app_context():
        user = db.session.scalar(select(User).where(User.username == "wang.fang"))
        assert user.must_change_password and user.org.code == "21010002"
        assert user.email == "wf@example.cn" and password not in user.password_hash
        event = db.session.scalar(select(Event).where(Event.action == "users_imported"))
        assert event.after["count"] == 3 and password not in str(event.after)
    client = demo.test_client()
    login = client.post("/login", data={"username": "wang.fang", "password": password})
    assert login.status_code == 302
    assert client.get("/inbox").headers["Location"].endswith("/account/password")


def test_csv_is_accepted_too(demo, login_as):
    data = "用户名,姓名,角色,机构代码,邮箱\nsun.li,孙丽,督导,210000,\n".encode()
    response = _upload(login_as("admin"), data, "users.csv")
    assert response.status_code == 200 and "已导入 1 个用户" in response.get_data(as_text=True)


def test_any_bad_row_writes_nothing_and_says_where_and_what(demo, login_as):
    before = _count(demo)
    rows = [
        *GOOD,
        ("school", "重名", "学校管理员", "21010001", ""),
        ("zhou", "周", "校长", "21010001", ""),
        ("wu.yi", "吴一", "学校管理员", "210100", "bad@"),
        ("wang.fang", "王芳二", "评审专家", "", ""),
        ("-2+3+cmd|' /C calc'!A0", "x", "评审专家", "", ""),
    ]
    response = _upload(login_as("admin"), _xlsx(rows))
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "未导入任何数据" in html
    assert "第 5 行“用户名”列：用户名“school”已被使用" in html
    assert "第 6 行“角色”列：角色“校长”无效" in html
    assert "第 7 行“机构代码”列：学校管理员用户必须属于一所学校" in html
    assert "第 7 行“邮箱”列" in html
    assert "第 8 行“用户名”列：用户名“wang.fang”与第 2 行重复" in html
    assert "第 9 行“用户名”列" in html
    assert _count(demo) == before
    sheet = _sheet_in(html, "用户导入-待改正")  # what was uploaded is handed back, marked
    rows_back = list(sheet.iter_rows(min_row=3, values_only=True))
    assert len(rows_back) == 8 and rows_back[0][:2] == ("wang.fang", "王芳")
    assert rows_back[3][5] and "已被使用" in rows_back[3][5]
    assert rows_back[7][0].startswith("'-")  # never a formula


@pytest.mark.parametrize(
    ("data", "filename", "said"),
    [
        (b"", "users.xlsx", "不是有效的 Excel"),
        (b"not a zip", "users.xlsx", "不是有效的 Excel"),
        (b"x", "users.pdf", "只接受"),
        ("姓名,角色\n张三,评审专家\n".encode(), "users.csv", "缺少“用户名”列"),
        ("用户名,姓名,角色\n".encode(), "users.csv", "没有数据行"),
        (b"x" * (2 * 1024 * 1024 + 10), "users.csv", "文件超过 2 MB"),
    ],
)
def test_unreadable_or_oversized_files_are_refused(demo, login_as, data, filename, said):
    response = _upload(login_as("admin"), data, filename)
    assert response.status_code == 422 and said in response.get_data(as_text=True)


def test_too_many_rows_are_refused(demo, login_as):
    rows = "\n".join(f"u{n:05d},,评审专家,," for n in range(MAX_ROWS + 1))
    data = ("用户名,姓名,角色,机构代码,邮箱\n" + rows + "\n").encode()
    before = _count(demo)
    response = _upload(login_as("admin"), data, "users.csv")
    assert response.status_code == 422 and f"超过 {MAX_ROWS} 行" in response.get_data(as_text=True)
    assert _count(demo) == before


def test_no_file_is_refused_in_chinese(demo, login_as):
    response = login_as("admin").post("/admin/users/import", data={})
    assert response.status_code == 422 and "请选择要导入的文件" in response.get_data(as_text=True)


def test_the_template_downloads(demo, login_as):
    response = login_as("admin").get("/admin/users/import/template.xlsx")
    sheet = load_workbook(io.BytesIO(response.data)).active
    assert tuple(c.value for c in sheet[2]) == HEADER
