"""Building messages: plain addresses only, headers on one line, UTF-8 Chinese text."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from webapp.services.mailer import SmtpSettings, build_message, one_line, recipient


@pytest.mark.parametrize(
    "address",
    ["a b@example.com", "@example.com", "x@", "<a@example.com>", "a@example.com, b@example.com"],
)
def test_only_one_plain_address_is_accepted(address):
    with pytest.raises(ValueError, match="邮箱地址无效"):
        recipient("王老师", address)


def test_one_line_removes_breaks_and_control_characters():
    assert one_line("提醒\r\nBcc: x@example.com\t\x00尾") == "提醒 Bcc: x@example.com 尾"


def test_settings_switch_email_off_without_a_host():
    assert SmtpSettings.from_config({"SMTP_HOST": None}) is None
    settings = SmtpSettings.from_config(
        {"SMTP_HOST": "mail.example", "SMTP_PORT": "587", "MAIL_FROM": "zz@edu.example"}
    )
    assert (settings.port, settings.domain, settings.starttls) == (587, "edu.example", False)


def test_message_is_utf8_with_the_usual_headers():
    settings = SmtpSettings(host="mail.example", sender="zz@edu.example")
    sent_at = datetime(2026, 3, 2, 1, 0, tzinfo=UTC)
    message = build_message(
        settings, recipient("王老师", "wang@example.com"), "新待办\n", "正文", sent_at, "n.1"
    )
    assert message["Subject"] == "新待办"
    assert message["Message-ID"] == "<n.1@edu.example>"
    assert message["Date"].datetime == sent_at
    assert message.get_content_charset() == "utf-8"
    assert message.get_content().strip() == "正文"
