"""Emailing notifications through a real local SMTP server (aiosmtpd), failures included."""

from __future__ import annotations

from datetime import timedelta

from tests.notifications.conftest import user
from webapp.extensions import db
from webapp.models import Notification
from webapp.services import notifications

TITLE = "新待办：市级初审（沈阳市装备制造工程学校 办学情况报送）"


def _setup(app, clock, emails: dict[str, str | None], title: str = TITLE) -> dict[str, int]:
    """Give users addresses and one notification each; their ids by username."""
    ids = {}
    with app.app_context():
        for username, email in emails.items():
            user(username).email = email
            (row,) = notifications.notify(
                [user(username)], "assignment", title, clock, link="/tasks/7", body="学校：测试"
            )
            ids[username] = row.id
        db.session.commit()
    return ids


def _send(app, config, clock) -> int:
    with app.app_context():
        sent = notifications.send_pending_emails(config, clock)
        db.session.commit()
        return sent


def _row(app, notification_id: int) -> Notification:
    with app.app_context():
        row = db.session.get(Notification, notification_id)
        db.session.expunge(row)
        return row


def test_delivered_with_a_chinese_subject_and_marked(demo, clock, smtp_sink, mail_config):
    ids = _setup(demo, clock, {"city": "city@example.com"})
    clock.advance(timedelta(minutes=1))
    assert _send(demo, mail_config, clock) == 1
    (message,) = smtp_sink.messages()
    assert message["Subject"] == TITLE
    assert "=?utf-8?" in smtp_sink.envelopes[0].content.decode("ascii").lower()
    assert message["To"].addresses[0].addr_spec == "city@example.com"
    assert message["To"].addresses[0].display_name == "沈阳市教育局 职成科"
    assert message["From"] == "noreply@zhongzhi.example"
    assert message["Date"].datetime == clock.now()
    assert message["Message-ID"].endswith("@zhongzhi.example>")
    text = message.get_content()
    assert "https://zz.example.gov.cn/tasks/7" in text and "学校：测试" in text
    assert smtp_sink.envelopes[0].rcpt_tos == ["city@example.com"]
    row = _row(demo, ids["city"])
    assert (row.emailed_at, row.email_error) == (clock.now(), None)
    assert _send(demo, mail_config, clock) == 0  # never twice
    assert len(smtp_sink.envelopes) == 1


def test_without_base_url_the_email_says_where_to_look(demo, clock, smtp_sink, mail_config):
    _setup(demo, clock, {"city": "city@example.com"})
    assert _send(demo, {**mail_config, "BASE_URL": None}, clock) == 1
    text = smtp_sink.messages()[0].get_content()
    assert "在“通知”中查看" in text and "https://" not in text


def test_users_without_an_address_are_skipped(demo, clock, smtp_sink, mail_config):
    ids = _setup(demo, clock, {"school": None, "city2": "", "city": "city@example.com"})
    assert _send(demo, mail_config, clock) == 1
    assert [e.rcpt_tos for e in smtp_sink.envelopes] == [["city@example.com"]]
    for username in ("school", "city2"):
        row = _row(demo, ids[username])
        assert (row.emailed_at, row.email_error, row.email_attempts) == (None, None, 0)


def test_email_is_off_without_smtp_host(demo, app, clock, smtp_sink):
    ids = _setup(demo, clock, {"city": "city@example.com"})
    assert app.config["SMTP_HOST"] is None
    assert _send(demo, app.config, clock) == 0
    assert smtp_sink.envelopes == []
    assert _row(demo, ids["city"]).emailed_at is None


def test_a_refused_address_does_not_block_the_rest(demo, clock, smtp_sink, mail_config):
    ids = _setup(
        demo,
        clock,
        {
            "city": "refuse@example.com",
            "school": "bad\r\nBcc: x@example.com",
            "city2": "city2@example.com",
        },
    )
    assert _send(demo, mail_config, clock) == 1
    assert [e.rcpt_tos for e in smtp_sink.envelopes] == [["city2@example.com"]]
    refused = _row(demo, ids["city"])
    assert "550" in refused.email_error and refused.emailed_at is None
    assert "邮箱地址无效" in _row(demo, ids["school"]).email_error
    # Tried a few times, then left alone.
    for _ in range(5):
        _send(demo, mail_config, clock)
    assert _row(demo, ids["city"]).email_attempts == notifications.MAX_EMAIL_ATTEMPTS
    assert len(smtp_sink.envelopes) == 1


def test_server_down_is_recorded_and_retried(demo, clock, smtp_sink, mail_config):
    ids = _setup(demo, clock, {"city": "city@example.com"})
    smtp_sink.stop()
    assert _send(demo, mail_config, clock) == 0  # no exception
    row = _row(demo, ids["city"])
    assert "邮件服务器不可用" in row.email_error
    assert (row.emailed_at, row.email_attempts) == (None, 0)
    smtp_sink.start()
    assert _send(demo, mail_config, clock) == 1
    row = _row(demo, ids["city"])
    assert row.emailed_at == clock.now() and row.email_error is None


def test_line_breaks_in_a_title_cannot_inject_headers(demo, clock, smtp_sink, mail_config):
    title = "提醒\r\nBcc: victim@example.com\nX-Evil: 1"
    _setup(demo, clock, {"city": "city@example.com"}, title=title)
    assert _send(demo, mail_config, clock) == 1
    (message,) = smtp_sink.messages()
    assert message["Subject"] == "提醒 Bcc: victim@example.com X-Evil: 1"
    assert message["Bcc"] is None and message["X-Evil"] is None
    assert smtp_sink.envelopes[0].rcpt_tos == ["city@example.com"]


def test_stale_notifications_are_not_emailed(demo, clock, smtp_sink, mail_config):
    ids = _setup(demo, clock, {"city": "city@example.com"})
    clock.advance(notifications.EMAIL_WITHIN + timedelta(minutes=1))
    assert _send(demo, mail_config, clock) == 0
    assert _row(demo, ids["city"]).emailed_at is None
