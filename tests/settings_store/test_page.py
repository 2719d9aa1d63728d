"""The 系统设置 page: admins only, grouped fields, one form saved all or nothing, reset."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from tests.settings_store.conftest import DEFINITIONS
from webapp.extensions import db
from webapp.models import Event, Setting

WINDOW = "internship.consent_window_days"
REMINDER = "internship.consent_reminder_days"
ALL_STUDENTS = "internship.consent_for_all_placements"


@pytest.fixture
def admin_client(login_as):
    return login_as("admin")


def _rows(app) -> dict:
    with app.app_context():
        return dict(db.session.execute(select(Setting.key, Setting.value)).all())


def _whole_form(client) -> dict[str, str]:
    """What the page's inputs hold now: every field's text, and "1" for a ticked box."""
    html = client.get("/admin/settings").get_data(as_text=True)
    inputs = re.findall(
        r'<input (?:type="hidden" )?(?:id="[^"]+" )?name="([^"]+)" value="([^"]*)"', html
    )
    form = {name: value for name, value in inputs if name != "csrf_token"}
    for name in re.findall(
        r'<input type="checkbox" id="[^"]+" name="([^"]+)" value="1" checked', html
    ):
        form[name] = "1"
    return form


def test_only_admins_see_the_page(demo, login_as):
    for role in ("school", "province"):
        other = login_as(role)
        assert other.get("/admin/settings").status_code == 404
        assert other.post("/admin/settings", data={WINDOW: "10"}).status_code == 404
        assert other.post(f"/admin/settings/{WINDOW}/reset").status_code == 404
    assert _rows(demo) == {}
    admin_index = login_as("admin").get("/admin/").get_data(as_text=True)
    assert 'href="/admin/settings"' in admin_index


def test_admin_sees_groups_labels_and_defaults(demo, admin_client):
    html = admin_client.get("/admin/settings").get_data(as_text=True)
    for title in ("实习管理", "办学资质年检", "学籍与资助", "专业调整"):
        assert f"<h2>{title}</h2>" in html
    for item in DEFINITIONS:
        assert item.label in html and f'name="{item.key}"' in html
    assert "默认 7 天" in html and "默认 80%" in html and "默认 3,000,000 元" in html
    # On by default: the 2021 rule asks informed consent for every 岗位实习.
    assert "所有岗位实习学生均需监护人知情同意" in html and "默认 是" in html
    assert "恢复默认" not in html


def test_every_form_carries_a_csrf_token(demo, admin_client):
    admin_client.post("/admin/settings", data={WINDOW: "10"})
    html = admin_client.get("/admin/settings").get_data(as_text=True)
    forms = re.findall(r'<form method="post".*?</form>', html, re.S)
    assert len(forms) == 3  # the settings, one 恢复默认, log out
    assert all(re.search(r'name="csrf_token" value="[^"]+"', form) for form in forms)


def test_admin_saves_the_whole_form(demo, admin_client):
    form = _whole_form(admin_client)
    assert set(form) == {item.key for item in DEFINITIONS}
    assert form[WINDOW] == "7" and form[ALL_STUDENTS] == "1"
    # an unticked box sends only the hidden "0"
    form |= {WINDOW: "10", "internship.min_pay_ratio": "85%", ALL_STUDENTS: "0"}
    response = admin_client.post("/admin/settings", data=form)
    assert response.status_code == 302 and response.location.endswith("/admin/settings")
    assert _rows(demo) == {WINDOW: 10, "internship.min_pay_ratio": 85, ALL_STUDENTS: False}
    html = admin_client.get("/admin/settings").get_data(as_text=True)
    assert "已保存 3 项设置" in html
    assert "当前 10 天 · 默认 7 天 · 已修改" in html and "当前 否 · 默认 是" in html
    # a ticked box sends its hidden "0" and then "1", as a browser does
    ticked = _whole_form(admin_client) | {ALL_STUDENTS: ["0", "1"]}
    admin_client.post("/admin/settings", data=ticked)
    assert _rows(demo)[ALL_STUDENTS] is True
    admin_client.post("/admin/settings", data=_whole_form(admin_client))
    assert "没有修改任何设置" in admin_client.get("/admin/settings").get_data(as_text=True)


def test_errors_show_by_the_fields_and_keep_the_input(demo, admin_client):
    form = _whole_form(admin_client) | {
        WINDOW: "45",
        REMINDER: "5",
        "inspection.reminder_days": "30,七",
        "inspection.min_students": "1500",
    }
    response = admin_client.post("/admin/settings", data=form)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "有 2 项设置未通过校验，本次修改均未保存" in html
    assert 'value="45"' in html and 'value="30,七"' in html and 'value="1500"' in html
    assert f'<span class="message" id="setting-{WINDOW}-error">须在 1–30 天之间</span>' in html
    assert "请填写用逗号分隔的正整数天数" in html
    assert _rows(demo) == {}


def test_cross_field_error_on_the_page(demo, admin_client):
    response = admin_client.post("/admin/settings", data={WINDOW: "5", REMINDER: "6"})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "提醒须早于答复期限" in html and 'value="6"' in html
    assert _rows(demo) == {}


def test_reset_to_default(demo, admin_client):
    admin_client.post("/admin/settings", data={WINDOW: "10", "inspection.min_students": "1500"})
    html = admin_client.get("/admin/settings").get_data(as_text=True)
    assert html.count(">恢复默认</button>") == 2
    assert f'form="reset-{WINDOW}"' in html
    response = admin_client.post(f"/admin/settings/{WINDOW}/reset")
    assert response.status_code == 302
    assert _rows(demo) == {"inspection.min_students": 1500}
    html = admin_client.get("/admin/settings").get_data(as_text=True)
    assert "已将“监护人知情同意答复期限”恢复为默认值 7 天" in html
    assert html.count(">恢复默认</button>") == 1
    assert admin_client.post("/admin/settings/no.such_setting/reset").status_code == 404
    with demo.app_context():
        actions = db.session.scalars(
            select(Event.action).where(Event.subject == f"setting:{WINDOW}")
        )
        assert list(actions) == ["setting_changed", "setting_changed"]


def test_refused_reset_shows_the_rule(demo, admin_client):
    admin_client.post("/admin/settings", data={WINDOW: "10", REMINDER: "8"})
    response = admin_client.post(f"/admin/settings/{WINDOW}/reset")
    assert response.status_code == 422
    assert "提醒须早于答复期限" in response.get_data(as_text=True)
    assert _rows(demo) == {WINDOW: 10, REMINDER: 8}
