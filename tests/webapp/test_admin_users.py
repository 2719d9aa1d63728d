"""用户管理: list and filters, export, create, edit, disable/enable, reset password (changed at
next login), the history, and that nobody but the province's admins reaches any of it."""

from __future__ import annotations

import io
import re

import pytest
from openpyxl import load_workbook
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from tests.helpers import REPORT, complete, only_task
from webapp.cli.demo import DEMO_PASSWORD
from webapp.extensions import db
from webapp.models import Event, User, WorkItem


def _user(app, username: str) -> User:
    with app.app_context():
        query = select(User).options(selectinload(User.org)).where(User.username == username)
        user = db.session.scalar(query)
        db.session.expunge_all()
        return user


def _events(app, user_id: int) -> list[Event]:
    with app.app_context():
        query = select(Event).where(Event.subject == f"user:{user_id}").order_by(Event.seq)
        return list(db.session.scalars(query))


NEW = {
    "username": "li.hua",
    "name": "李华",
    "email": "lihua@example.cn",
    "role": "school_staff",
    "org": "21010002",
    "active": "1",
    "password": "",
}


def _login(app, username: str, password: str):
    client = app.test_client()
    return client, client.post("/login", data={"username": username, "password": password})


def test_list_filters_and_search(demo, login_as):
    admin = login_as("admin")
    html = admin.get("/admin/users").get_data(as_text=True)
    assert "共 11 人" in html and "school2" in html
    html = admin.get("/admin/users?role=expert").get_data(as_text=True)
    assert "共 4 人" in html and "school2" not in html
    html = admin.get("/admin/users?q=大连").get_data(as_text=True)  # by display name
    assert "共 2 人" in html and "school2" in html and "city2" in html
    html = admin.get("/admin/users?q=%25").get_data(as_text=True)  # a wildcard is literal
    assert "没有符合条件的用户" in html
    city = _user(demo, "city")
    html = admin.get(f"/admin/users?org={city.org_id}").get_data(as_text=True)
    assert "共 1 人" in html
    html = admin.get("/admin/users?active=0").get_data(as_text=True)
    assert "没有符合条件的用户" in html
    assert admin.get("/admin/users?role=nonsense&org=abc&active=x&page=999").status_code == 200


def test_list_pages(demo, login_as, clock):
    from webapp.services.auth import create_user

    with demo.app_context():
        for n in range(60):
            create_user(
                f"t{n:03d}", "Qiu#2026xy", "expert", None, clock, hash_method="pbkdf2:sha256:1000"
            )
        db.session.commit()
    admin = login_as("admin")
    first = admin.get("/admin/users").get_data(as_text=True)
    assert "共 71 人" in first and "下一页" in first
    second = admin.get("/admin/users?page=2").get_data(as_text=True)
    assert "上一页" in second and "t000" not in second


def test_export_is_what_is_filtered_and_guarded_against_formulas(demo, login_as, clock):
    from webapp.services.auth import create_user

    with demo.app_context():
        create_user(
            "evil", "Qiu#2026xy", "expert", None, clock, '=HYPERLINK("x")', "pbkdf2:sha256:1000"
        )
        db.session.commit()
    response = login_as("admin").get("/admin/users/export.xlsx?role=expert")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    sheet = load_workbook(io.BytesIO(response.data)).active
    rows = list(sheet.iter_rows(min_row=3, values_only=True))
    assert {row[0] for row in rows} == {"expert", "expert2", "expert3", "expert4", "evil"}
    evil = next(row for row in rows if row[0] == "evil")
    assert evil[1].startswith("'=")
    assert "共 5 人" in sheet["A1"].value


def test_create_shows_a_generated_password_once_and_the_user_must_change_it(demo, login_as):
    admin = login_as("admin")
    assert "新建用户" in admin.get("/admin/users/new").get_data(as_text=True)
    response = admin.post("/admin/users", data=NEW)
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    password = re.search(r"<code>([^<]+)</code>", response.get_data(as_text=True)).group(1)
    user = _user(demo, "li.hua")
    assert user.must_change_password and user.email == "lihua@example.cn"
    assert user.org.code == "21010002" and user.display_name == "李华"
    assert password not in user.password_hash
    created = _events(demo, user.id)[0]
    assert created.action == "user_created" and created.after["org"] == "21010002"
    assert "password" not in str(created.after) and "hash" not in str(created.after)
    client, login = _login(demo, "li.hua", password)
    assert login.status_code == 302
    assert client.get("/inbox").headers["Location"].endswith("/account/password")


def test_create_with_a_given_password_checks_the_rules(demo, login_as):
    admin = login_as("admin")
    response = admin.post("/admin/users", data=NEW | {"password": "Li.hua2026x"})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "不能包含用户名" in html and 'value="李华"' in html  # the rest is kept
    assert admin.post("/admin/users", data=NEW | {"password": "Qiu#2026xy"}).status_code == 200


@pytest.mark.parametrize(
    ("change", "field", "said"),
    [
        ({"username": "school"}, "username", "已被使用"),
        ({"username": "李华"}, "username", "英文字母"),
        ({"username": "a"}, "username", "2–64"),
        ({"email": "not-an-email"}, "email", "邮箱格式不正确"),
        ({"role": "king"}, "role", "请选择角色"),
        ({"org": "210100"}, "org", "必须属于一所学校"),
        ({"org": ""}, "org", "必须属于一所学校"),
        ({"org": "99999999"}, "org", "不存在"),
        ({"role": "city_official", "org": "21010002"}, "org", "一个市教育局"),
        ({"role": "supervisor", "org": "210100"}, "org", "省教育厅"),
        ({"role": "expert", "org": "210000"}, "org", "不属于任何机构"),
        ({"name": "长" * 101}, "name", "不能超过"),
    ],
)
def test_create_refuses_bad_input_field_by_field(demo, login_as, change, field, said):
    response = login_as("admin").post("/admin/users", data=NEW | change)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert f'id="{field}-error"' in html and said in html
    with demo.app_context():
        assert db.session.scalar(select(User).where(User.username == "li.hua")) is None


def test_edit_changes_role_and_organisation_and_records_before_and_after(demo, login_as):
    admin = login_as("admin")
    school = _user(demo, "school")
    assert "school" in admin.get(f"/admin/users/{school.id}").get_data(as_text=True)
    data = {"name": "新名字", "email": "", "role": "city_official", "org": "210200", "active": "1"}
    response = admin.post(f"/admin/users/{school.id}", data=data)
    assert response.status_code == 302
    changed = _user(demo, "school")
    assert changed.role == "city_official" and changed.org.code == "210200"
    event = [e for e in _events(demo, school.id) if e.action == "user_updated"][-1]
    assert event.before == {
        "name": "沈阳装备制造工程学校 教务处",
        "role": "school_staff",
        "org": "21010001",
    }
    assert event.after == {"name": "新名字", "role": "city_official", "org": "210200"}
    page = admin.get(f"/admin/users/{school.id}").get_data(as_text=True)
    assert "修改用户" in page and "school_staff → city_official" in page


def test_edit_keeps_what_was_entered_on_error(demo, login_as):
    admin = login_as("admin")
    school = _user(demo, "school")
    data = {
        "name": "新名字",
        "email": "bad@",
        "role": "school_staff",
        "org": "21010001",
        "active": "1",
    }
    response = admin.post(f"/admin/users/{school.id}", data=data)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert 'value="新名字"' in html and 'value="bad@"' in html and "邮箱格式不正确" in html
    assert _user(demo, "school").display_name != "新名字"


def test_disabling_ends_sessions_and_tokens_and_login(demo, login_as, api):
    school, token = login_as("school"), api("school")
    admin = login_as("admin")
    user = _user(demo, "school")
    assert admin.post(f"/admin/users/{user.id}/disable").status_code == 302
    assert school.get("/inbox").status_code == 302  # sent to the login page
    assert token.get("/api/v1/tasks").status_code == 401
    _client, login = _login(demo, "school", DEMO_PASSWORD)
    assert login.status_code == 401 and "已停用" in login.get_data(as_text=True)
    _client, wrong = _login(demo, "school", "Wrong#2026x")
    assert "已停用" not in wrong.get_data(as_text=True)  # only who knows the password learns it
    assert [e.action for e in _events(demo, user.id)][-1] in ("user_disabled", "login_failed")
    with demo.app_context():
        assert db.session.get(User, user.id) is not None  # never deleted
    assert admin.post(f"/admin/users/{user.id}/enable").status_code == 302
    assert _login(demo, "school", DEMO_PASSWORD)[1].status_code == 302


def test_disabling_hands_claimed_tasks_back_and_keeps_completed_work(deployed, api, login_as):
    school = api("school")
    started = school.post("/api/v1/processes/school_report/instances", json={"data": {}})
    complete(school, started.get_json()["tasks"][0]["id"], REPORT)  # the school's completed work
    item = only_task(api("city"), "市级初审")
    assert api("city").post(f"/api/v1/tasks/{item['id']}/claim").status_code == 200
    city = _user(deployed, "city")
    assert login_as("admin").post(f"/admin/users/{city.id}/disable").status_code == 302
    with deployed.app_context():
        assert db.session.get(WorkItem, item["id"]).assignee_id is None
        done = db.session.scalars(select(WorkItem).where(WorkItem.completed_by_id.is_not(None)))
        assert [w.completed_by.username for w in done] == ["school"]
    history = api("province").get(f"/api/v1/instances/{started.get_json()['id']}").get_json()
    assert "task_unclaimed" in [e["action"] for e in history["history"]]


def test_an_admin_cannot_disable_or_demote_themselves(demo, login_as):
    admin = login_as("admin")
    me = _user(demo, "admin")
    response = admin.post(f"/admin/users/{me.id}/disable", follow_redirects=True)
    assert "不能停用自己的账号" in response.get_data(as_text=True)
    data = {"name": "x", "email": "", "role": "provincial_official", "org": "210000", "active": "1"}
    response = admin.post(f"/admin/users/{me.id}", data=data)
    assert response.status_code == 422 and "不能取消自己的管理员角色" in response.get_data(
        as_text=True
    )
    data |= {"role": "admin", "active": "0"}
    assert admin.post(f"/admin/users/{me.id}", data=data).status_code == 422
    assert _user(demo, "admin").active and _user(demo, "admin").role == "admin"
    assert admin.get("/admin/").status_code == 200


def test_reset_password_must_be_changed_at_next_login(demo, login_as, api):
    school, token = login_as("school"), api("school")
    admin = login_as("admin")
    user = _user(demo, "school")
    response = admin.post(f"/admin/users/{user.id}/password", data={"password": "Temp#2026ab"})
    assert response.status_code == 200 and "Temp#2026ab" in response.get_data(as_text=True)
    assert school.get("/inbox").status_code == 302
    assert token.get("/api/v1/tasks").status_code == 401
    client, login = _login(demo, "school", "Temp#2026ab")
    assert login.status_code == 302
    for url in ("/inbox", "/todo", "/admin/", "/instances"):
        assert client.get(url).headers["Location"].endswith("/account/password"), url
    assert client.post("/logout").status_code == 302
    client, _ = _login(demo, "school", "Temp#2026ab")
    via_session_api = client.get("/api/v1/tasks")
    assert (
        via_session_api.status_code == 403 and "修改密码" in via_session_api.get_json()["message"]
    )
    api_login = demo.test_client().post(
        "/api/v1/auth/login", json={"username": "school", "password": "Temp#2026ab"}
    )
    assert api_login.status_code == 403 and "修改密码" in api_login.get_json()["message"]
    changed = client.post(
        "/account/password",
        data={"current": "Temp#2026ab", "password": "Qiu#2026xy", "confirm": "Qiu#2026xy"},
    )
    assert changed.status_code == 302
    assert client.get("/inbox").status_code == 200
    assert not _user(demo, "school").must_change_password


def test_reset_password_generates_one_and_checks_a_given_one(demo, login_as):
    admin = login_as("admin")
    user = _user(demo, "school")
    bad = admin.post(f"/admin/users/{user.id}/password", data={"password": "12345678"})
    assert bad.status_code == 422 and "至少 3 类" in bad.get_data(as_text=True)
    assert not _user(demo, "school").must_change_password
    generated = admin.post(f"/admin/users/{user.id}/password", data={"password": ""})
    password = re.search(r"<code>([^<]+)</code>", generated.get_data(as_text=True)).group(1)
    assert _login(demo, "school", password)[1].status_code == 302
    event = [e for e in _events(demo, user.id) if e.action == "password_set"][-1]
    assert event.after == {"must_change_password": True} and event.actor_name == "系统管理员"
    me = _user(demo, "admin")
    own = admin.post(f"/admin/users/{me.id}/password", data={"password": ""})
    assert own.status_code == 422 and "修改密码" in own.get_data(as_text=True)


ADMIN_URLS = [
    ("GET", "/admin/users"),
    ("GET", "/admin/users/export.xlsx"),
    ("GET", "/admin/users/new"),
    ("POST", "/admin/users"),
    ("GET", "/admin/users/{id}"),
    ("POST", "/admin/users/{id}"),
    ("POST", "/admin/users/{id}/disable"),
    ("POST", "/admin/users/{id}/enable"),
    ("POST", "/admin/users/{id}/password"),
    ("GET", "/admin/users/import"),
    ("POST", "/admin/users/import"),
    ("GET", "/admin/users/import/template.xlsx"),
]


@pytest.mark.parametrize("who", ["city", "school", "province", "supervisor", "expert"])
def test_nobody_but_an_admin_reaches_any_page_or_action(demo, login_as, who):
    client = login_as(who)
    target = _user(demo, "school2")
    for method, url in ADMIN_URLS:
        url = url.format(id=target.id)
        response = client.open(url, method=method, data=NEW)
        assert response.status_code == 404, (who, method, url)
    after = _user(demo, "school2")
    assert after.active and not after.must_change_password
    assert "用户管理" not in client.get("/inbox").get_data(as_text=True)


def test_an_admin_outside_the_province_is_refused(demo, login_as, clock):
    from webapp.services.auth import create_user

    with demo.app_context():
        create_user(
            "cityadmin", "Qiu#2026xy", "admin", "210100", clock, hash_method="pbkdf2:sha256:1000"
        )
        db.session.commit()
    client, _ = _login(demo, "cityadmin", "Qiu#2026xy")
    assert client.get("/admin/users").status_code == 404


def test_the_admin_index_links_both_pages(demo, login_as):
    html = login_as("admin").get("/admin/").get_data(as_text=True)
    assert "/admin/users" in html and "/admin/organisations" in html


def test_moving_a_user_to_another_organisation_hands_their_claims_back(deployed, api, login_as):
    school = api("school")
    started = school.post("/api/v1/processes/school_report/instances", json={"data": {}})
    complete(school, started.get_json()["tasks"][0]["id"], REPORT)
    item = only_task(api("city"), "市级初审")
    assert api("city").post(f"/api/v1/tasks/{item['id']}/claim").status_code == 200
    city = _user(deployed, "city")
    moved = {
        "name": "调往大连",
        "email": "",
        "role": "city_official",
        "org": "210200",
        "active": "1",
    }
    assert login_as("admin").post(f"/admin/users/{city.id}", data=moved).status_code == 302
    with deployed.app_context():
        assert db.session.get(WorkItem, item["id"]).assignee_id is None
    refused = api("city").post(f"/api/v1/tasks/{item['id']}/complete", json={"data": {}})
    assert refused.status_code == 404  # out of their new city's scope
