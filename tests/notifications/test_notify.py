"""notify(): one row per distinct active user, safe links only; reading them is per user."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from tests.notifications.conftest import user
from webapp.errors import NotFound
from webapp.extensions import db
from webapp.models import Notification
from webapp.services import notifications


def test_one_row_per_distinct_active_user(demo, clock):
    with demo.app_context():
        city, city2, province = user("city"), user("city2"), user("province")
        province.active = False
        rows = notifications.notify(
            [city, city2, city, province, None], "system", "系统将于今晚维护", clock, link="/inbox"
        )
        db.session.commit()
        assert sorted(row.user.username for row in rows) == ["city", "city2"]
        assert db.session.scalar(select(func.count(Notification.id))) == 2
        row = rows[0]
        assert (row.kind_label, row.link, row.body, row.created_at) == (
            "系统通知",
            "/inbox",
            "",
            clock.now(),
        )
        assert row.read_at is None and row.emailed_at is None


@pytest.mark.parametrize(
    "link",
    [
        "https://evil.example/phish",
        "//evil.example/phish",
        "/\\evil.example",
        "tasks/12",
        "javascript:alert(1)",
        "/tasks/12\r\nSet-Cookie: x=1",
        "",
    ],
)
def test_links_must_be_paths_inside_the_app(demo, clock, link):
    with demo.app_context():
        with pytest.raises(ValueError, match="inside the app"):
            notifications.notify([user("city")], "system", "标题", clock, link=link)
        # Checked even with nobody to notify, and on the model itself.
        with pytest.raises(ValueError):
            notifications.notify([], "system", "标题", clock, link=link)
        with pytest.raises(ValueError):
            Notification(link=link)


def test_unknown_kind_is_refused(demo, clock):
    with demo.app_context(), pytest.raises(ValueError, match="unknown notification kind"):
        notifications.notify([user("city")], "gossip", "标题", clock)


def test_a_long_title_is_clipped_to_fit(demo, clock):
    with demo.app_context():
        (row,) = notifications.notify([user("city")], "system", "长" * 400, clock)
        db.session.commit()
        assert len(db.session.get(Notification, row.id).title) == 300


def test_reading_is_per_user(demo, clock):
    with demo.app_context():
        city, city2 = user("city"), user("city2")
        mine = notifications.notify([city], "system", "一", clock)
        notifications.notify([city], "system", "二", clock)
        notifications.notify([city2], "system", "三", clock)
        assert notifications.unread_count(city) == 2
        with pytest.raises(NotFound):
            notifications.mark_read(city2, mine[0].id, clock)
        with pytest.raises(NotFound):
            notifications.mark_read(city, 9999, clock)
        assert notifications.mark_read(city, mine[0].id, clock).read_at == clock.now()
        assert notifications.unread_count(city) == 1
        assert notifications.mark_all_read(city, clock) == 1
        assert notifications.unread_count(city) == 0
        assert notifications.unread_count(city2) == 1
        assert notifications.mark_all_read(city, clock) == 0


def test_list_is_newest_first_and_can_show_only_unread(demo, clock):
    with demo.app_context():
        city = user("city")
        for n in range(5):
            notifications.notify([city], "system", f"第{n}条", clock)
            clock.advance(timedelta(minutes=1))
        first = notifications.list_for(city, page=1, size=2)
        assert [row.title for row in first.items] == ["第4条", "第3条"]
        assert (first.total, first.pages) == (5, 3)
        assert [row.title for row in notifications.list_for(city, 3, 2).items] == ["第0条"]
        notifications.mark_read(city, first.items[0].id, clock)
        unread = notifications.list_for(city, 1, 10, only_unread=True)
        assert [row.title for row in unread.items] == ["第3条", "第2条", "第1条", "第0条"]
