"""Notifications: tell the right users about work items, list and mark them read, email them."""

from __future__ import annotations

import logging
import smtplib
from collections.abc import Iterable, Mapping
from datetime import timedelta

from sqlalchemy import func, select, update

from webapp.clock import Clock
from webapp.config import public_base_url
from webapp.display import date_text
from webapp.errors import NotFound
from webapp.extensions import db
from webapp.models import LANE_ROLES, Notification, ProcessInstance, User, WorkItem
from webapp.models.notification import check_kind, check_link, notifications_of
from webapp.models.paging import Page, paginate
from webapp.models.scope import candidate_users, role_users
from webapp.services import mailer

log = logging.getLogger(__name__)

GONE = "通知不存在或您无权查看。"
MAX_EMAIL_ATTEMPTS = 3
# Older notifications are not emailed: after a long outage, or when a user's address is first
# set, a flood of stale mail helps nobody; they stay in the app.
EMAIL_WITHIN = timedelta(days=3)


def notify(
    users: Iterable[User],
    kind: str,
    title: str,
    clock: Clock,
    link: str | None = None,
    body: str = "",
    instance_id: int | None = None,
    work_item_id: int | None = None,
) -> list[Notification]:
    """One notification per distinct active user; ValueError for a bad kind or link."""
    check_kind(kind)
    check_link(link)
    recipients = {user.id: user for user in users if user is not None and user.active}
    rows = [
        Notification(
            user_id=user_id,
            kind=kind,
            title=title,
            body=body or "",
            link=link,
            instance_id=instance_id,
            work_item_id=work_item_id,
            created_at=clock.now(),
        )
        for user_id in recipients
    ]
    db.session.add_all(rows)
    db.session.flush()
    return rows


def candidates_of(item: WorkItem) -> list[User]:
    return list(db.session.scalars(candidate_users(item)))


def work_item_title(item: WorkItem, kind: str) -> str:
    """The Chinese headline for a notification about this item."""
    subject = f"{item.name}（{item.title}）" if item.title else item.name
    due = date_text(item.due_at)
    if kind == "reminder":
        return f"提醒：“{item.name}”将于 {due} 到期" if due else f"提醒：请尽快办理“{item.name}”"
    if kind == "overdue":
        return f"已逾期：“{item.name}”已于 {due} 到期" if due else f"已逾期：“{item.name}”"
    if kind == "escalation":
        return f"督办：{subject}已逾期未办理"
    if kind == "delegation":
        return f"转办：{subject}已转给您办理"
    return f"新待办：{subject}"


def _work_item_body(item: WorkItem) -> str:
    lines = [f"任务：{item.name}"]
    if item.title:
        lines.append(f"事项：{item.title}")
    if item.school is not None:
        lines.append(f"学校：{item.school.name}")
    if item.due_at is not None:
        lines.append(f"截止日期：{date_text(item.due_at)}")
    return "\n".join(lines)


def notify_work_item(
    item: WorkItem,
    kind: str,
    clock: Clock,
    title: str | None = None,
    exclude: User | None = None,
    users: Iterable[User] | None = None,
) -> list[Notification]:
    """Tell the item's candidates (or the users given) about it, linking to its task page."""
    recipients = candidates_of(item) if users is None else users
    return notify(
        [user for user in recipients if exclude is None or user.id != exclude.id],
        kind,
        title or work_item_title(item, kind),
        clock,
        link=f"/tasks/{item.id}",
        body=_work_item_body(item),
        instance_id=item.instance_id,
        work_item_id=item.id,
    )


def on_work_items_created(
    items: Iterable[WorkItem], clock: Clock, exclude: User | None = None
) -> list[Notification]:
    """Hook for the inbox sync: a 新待办 notification to each new item's candidates."""
    items = list(items)
    db.session.flush()  # new items need their ids for the links
    return [
        row
        for item in items
        for row in notify_work_item(item, "assignment", clock, exclude=exclude)
    ]


def on_delegated(
    item: WorkItem, from_user: User, to_user: User, clock: Clock
) -> list[Notification]:
    """Hook for delegation: tell the new assignee who handed the item over."""
    if to_user.id == from_user.id:
        return []
    title = f"转办：{from_user.label}将“{item.name}”转给您办理"
    return notify_work_item(item, "delegation", clock, title=title, users=[to_user])


def unread_count(user: User) -> int:
    query = select(func.count(Notification.id)).where(
        Notification.user_id == user.id, Notification.read_at.is_(None)
    )
    return db.session.scalar(query) or 0


def list_for(user: User, page: int = 1, size: int = 20, only_unread: bool = False) -> Page:
    return paginate(notifications_of(user, only_unread), page, size)


def mark_read(user: User, notification_id: int, clock: Clock) -> Notification:
    """Mark one of the user's own notifications read; NotFound for anyone else's."""
    notification = db.session.get(Notification, notification_id)
    if notification is None or notification.user_id != user.id:
        raise NotFound(GONE)
    if notification.read_at is None:
        notification.read_at = clock.now()
        db.session.flush()
    return notification


def mark_all_read(user: User, clock: Clock) -> int:
    """Mark every unread notification of the user read; how many there were."""
    result = db.session.execute(
        update(Notification)
        .where(Notification.user_id == user.id, Notification.read_at.is_(None))
        .values(read_at=clock.now())
        .execution_options(synchronize_session="fetch")
    )
    return result.rowcount


def _pending_emails(clock: Clock, limit: int):
    """Unsent notifications of users with an address; locked so two sweeps never send one twice."""
    return (
        select(Notification)
        .join(Notification.user)
        .where(
            Notification.emailed_at.is_(None),
            Notification.email_attempts < MAX_EMAIL_ATTEMPTS,
            Notification.created_at >= clock.now() - EMAIL_WITHIN,
            User.email.is_not(None),
            User.email != "",
            User.active.is_(True),
        )
        .order_by(Notification.id)
        .limit(limit)
        .with_for_update(skip_locked=True, of=Notification)
    )


def send_pending_emails(app_config: Mapping, clock: Clock, limit: int = 100) -> int:
    """Email unsent notifications when SMTP_HOST is set; how many were sent. Never raises for
    SMTP trouble: a failed message records email_error, and the caller commits."""
    settings = mailer.SmtpSettings.from_config(app_config)
    if settings is None:
        return 0
    pending = list(db.session.scalars(_pending_emails(clock, limit)))
    if not pending:
        return 0
    sent = 0
    try:
        with mailer.connection(settings) as smtp:
            for notification in pending:
                sent += _email_one(smtp, settings, notification, app_config, clock)
    except OSError as error:
        # The server, not the message, failed: note it and try these again next sweep.
        log.warning("SMTP server %s:%s unavailable: %s", settings.host, settings.port, error)
        for notification in pending:
            if notification.emailed_at is None:
                notification.email_error = f"邮件服务器不可用：{error}"
    db.session.flush()
    return sent


def _email_one(
    smtp: smtplib.SMTP,
    settings: mailer.SmtpSettings,
    notification: Notification,
    app_config: Mapping,
    clock: Clock,
) -> int:
    """Send one message; a problem with it is recorded on it (1 if sent, 0 if not)."""
    user = notification.user
    try:
        message = mailer.build_message(
            settings,
            mailer.recipient(user.label, user.email),
            notification.title,
            _email_body(notification, public_base_url(app_config, default=None)),
            clock.now(),
            f"notification.{notification.id}.{int(notification.created_at.timestamp())}",
        )
        smtp.send_message(message)
    except mailer.MESSAGE_ERRORS as error:
        notification.email_attempts += 1
        notification.email_error = str(error)[:1000]
        log.warning("email for notification %s not sent: %s", notification.id, error)
        return 0
    notification.emailed_at, notification.email_error = clock.now(), None
    return 1


def _email_body(notification: Notification, base_url: str | None) -> str:
    """The message; a link only when the site's address is known (BASE_URL, or the development
    server's), not the built-in default that may be no server at all."""
    parts = [f"{notification.user.label}，您好：", notification.title]
    if notification.body:
        parts.append(notification.body)
    if notification.link and base_url:
        parts.append(f"查看详情：{base_url}{notification.link}")
    else:
        parts.append("请登录中职学校管理流程平台，在“通知”中查看。")
    parts.append("—— 中职学校管理流程平台（系统自动发送，请勿回复）")
    return "\n\n".join(parts)


def notify_lane(
    instance: ProcessInstance, lane: str, message: str, clock: Clock
) -> list[Notification]:
    """A diagram's notify(lane, message): everyone acting in that lane for the instance's school."""
    role = LANE_ROLES.get(lane)
    if role is None:
        return []
    users = db.session.scalars(role_users(role, instance.school_id, instance.city_id)).all()
    return notify(
        users,
        "escalation",
        message,
        clock,
        link=f"/instances/{instance.id}",
        body=instance.title,
        instance_id=instance.id,
    )
