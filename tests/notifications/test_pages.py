"""通知 pages and API: the header badge, reading, read-all, and nobody else's notifications."""

from __future__ import annotations

import re
from datetime import timedelta

from flask import render_template_string

from tests.helpers import count_queries
from tests.notifications.conftest import user
from webapp.extensions import db
from webapp.services import notifications


def _notify(app, clock, username: str, title: str = "新待办：市级初审", link: str | None = "/done"):
    with app.app_context():
        (row,) = notifications.notify([user(username)], "assignment", title, clock, link=link)
        db.session.commit()
        return row.id


def _badge(html: str) -> str | None:
    found = re.search(r'class="badge"[^>]*>(\d+)</span>', html)
    return found.group(1) if found else None


def test_header_count_drops_after_reading(demo, login_as, clock):
    first = _notify(demo, clock, "city")
    _notify(demo, clock, "city", "提醒：“市级初审”将于 2026-03-12 到期", link=None)
    page = login_as("city")
    assert _badge(page.get("/inbox").get_data(as_text=True)) == "2"
    response = page.post(f"/notifications/{first}/read")
    assert response.status_code == 302
    assert response.headers["Location"] == "/done"
    assert _badge(page.get("/inbox").get_data(as_text=True)) == "1"
    assert _badge(login_as("city2").get("/inbox").get_data(as_text=True)) is None


def test_badge_costs_one_count_query(demo, login_as, clock):
    _notify(demo, clock, "city")
    page = login_as("city")
    with count_queries(demo) as statements:
        page.get("/done")
    touching = [s for s in statements if "notification" in s]
    assert len(touching) == 1 and "count(" in touching[0].lower()


def test_list_page_shows_newest_first_with_local_time(demo, login_as, clock):
    _notify(demo, clock, "city", "较早的通知")
    clock.advance(timedelta(hours=2))
    read_id = _notify(demo, clock, "city", "较新的通知")
    page = login_as("city")
    page.post(f"/notifications/{read_id}/read")
    html = page.get("/notifications").get_data(as_text=True)
    assert html.index("较新的通知") < html.index("较早的通知")
    assert "2026-03-02 09:00" in html and "2026-03-02 11:00" in html  # Beijing time
    assert 'href="/done">较新的通知</a>' in html  # read: a plain link
    assert html.count('class="unread"') == 1
    assert 'name="csrf_token"' in html
    only_unread = page.get("/notifications?unread=1").get_data(as_text=True)
    assert "较早的通知" in only_unread and "较新的通知" not in only_unread


def test_list_page_is_paginated(demo, login_as, clock):
    for n in range(25):
        _notify(demo, clock, "city", f"通知{n:02d}")
        clock.advance(timedelta(minutes=1))
    page = login_as("city")
    first = page.get("/notifications").get_data(as_text=True)
    assert "通知24" in first and "通知05" in first and "通知04" not in first
    assert "第 1 / 2 页，共 25 条" in first
    second = page.get("/notifications?page=2").get_data(as_text=True)
    assert "通知04" in second and "通知00" in second and "通知05" not in second


def test_someone_elses_notification_is_not_found(demo, login_as, api, clock):
    theirs = _notify(demo, clock, "city")
    assert login_as("city2").post(f"/notifications/{theirs}/read").status_code == 404
    assert login_as("city2").post("/notifications/999/read").status_code == 404
    response = api("city2").post(f"/api/v1/notifications/{theirs}/read")
    assert response.status_code == 404
    assert response.get_json()["error"] == "not_found"
    assert api("city2").get("/api/v1/notifications").get_json()["items"] == []
    with demo.app_context():
        assert notifications.unread_count(user("city")) == 1


def test_mark_all_read_touches_only_my_own(demo, login_as, clock):
    for _ in range(3):
        _notify(demo, clock, "city")
    _notify(demo, clock, "city2")
    page = login_as("city")
    response = page.post("/notifications/read-all", follow_redirects=True)
    assert "已将 3 条通知标为已读。" in response.get_data(as_text=True)
    assert _badge(response.get_data(as_text=True)) is None
    with demo.app_context():
        assert notifications.unread_count(user("city")) == 0
        assert notifications.unread_count(user("city2")) == 1


def test_without_a_link_reading_returns_to_the_list(demo, login_as, clock):
    plain = _notify(demo, clock, "city", link=None)
    response = login_as("city").post(f"/notifications/{plain}/read")
    assert response.headers["Location"] == "/notifications"


def test_pages_need_login(demo, client):
    assert client.get("/notifications").status_code == 302
    assert client.post("/notifications/read-all").status_code == 302


def test_api_lists_and_marks_read(demo, api, clock):
    first = _notify(demo, clock, "city", "第一条")
    clock.advance(timedelta(minutes=5))
    _notify(demo, clock, "city", "第二条")
    caller = api("city")
    body = caller.get("/api/v1/notifications").get_json()
    assert [n["title"] for n in body["items"]] == ["第二条", "第一条"]
    assert (body["total"], body["unread"]) == (2, 2)
    assert body["items"][1]["kind_label"] == "新待办"
    marked = caller.post(f"/api/v1/notifications/{first}/read").get_json()
    assert marked["read_at"] == clock.now().isoformat()
    unread = caller.get("/api/v1/notifications?unread=1").get_json()
    assert [n["title"] for n in unread["items"]] == ["第二条"] and unread["unread"] == 1
    assert caller.post("/api/v1/notifications/read-all").get_json() == {"marked": 1}
    assert caller.get("/api/v1/notifications").get_json()["unread"] == 0


def test_templates_rendered_outside_a_request_get_no_badge(demo):
    with demo.app_context():
        assert render_template_string("{{ unread_notifications }}") == "0"
