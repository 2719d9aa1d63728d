"""Login throttling: failed logins slow down the client that made them, never lock out the owner.

Three budgets, each a count of recent failures under one key:

- a client address with a username: a few free guesses, then waits doubling up to five minutes;
- a client address across usernames: a larger budget, the same waits, so trying one guess on
  each of many accounts is slowed down too;
- a username across addresses: the same larger budget, but its wait stays a few seconds, so
  guessing from many addresses delays the owner briefly and never locks them out.

A quarter of an hour without a failure forgets a key. Counts live in the database, so every
worker sees them, and each is raised by one upsert, so parallel guesses cannot race past them.
"""

from __future__ import annotations

import ipaddress
import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import case, delete, select
from sqlalchemy.dialects import postgresql, sqlite

from webapp.clock import Clock
from webapp.extensions import db
from webapp.models import LoginThrottle


@dataclass(frozen=True)
class Budget:
    key: str
    free: int
    max_wait: int
    message: str  # Chinese, with {wait} for how long


@dataclass(frozen=True)
class ThrottlePolicy:
    free_per_client: int = 5
    free_per_address: int = 10
    free_per_account: int = 10
    max_wait: int = 300
    max_account_wait: int = 10
    forget_after: timedelta = timedelta(minutes=15)

    def budgets(self, address: str, username: str) -> list[Budget]:
        return [
            Budget(
                f"pair:{address}|{username}",
                self.free_per_client,
                self.max_wait,
                "该账号在您的网络地址登录失败次数过多，请在 {wait}后重试。",
            ),
            Budget(
                f"address:{address}",
                self.free_per_address,
                self.max_wait,
                "您的网络地址登录失败次数过多，请在 {wait}后重试。",
            ),
            Budget(
                f"account:{username}",
                self.free_per_account,
                self.max_account_wait,
                "该账号近期登录失败次数过多，请在 {wait}后重试。",
            ),
        ]


def policy_from(config: Mapping) -> ThrottlePolicy:
    return ThrottlePolicy(
        free_per_client=config["LOGIN_FREE_ATTEMPTS"],
        free_per_address=config["LOGIN_FREE_ATTEMPTS_PER_ADDRESS"],
        free_per_account=config["LOGIN_FREE_ATTEMPTS_PER_ACCOUNT"],
    )


def client_address(remote_addr: str | None) -> str:
    """The address a budget is kept for: an IPv6 client owns a whole /64, so that is one client."""
    try:
        ip = ipaddress.ip_address(remote_addr or "")
    except ValueError:
        return (remote_addr or "unknown")[:64]
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped:
            return str(ip.ipv4_mapped)
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


def username_key(username: str) -> str:
    return username.strip().lower()[:64]


def seconds_to_wait(
    failures: int, last_failed_at: datetime, budget: Budget, forget_after: timedelta, now: datetime
) -> int:
    """How long this key must still wait: nothing within the free budget, then 1, 2, 4… seconds
    after the last failure, up to the budget's longest wait."""
    elapsed = max(0.0, (now - last_failed_at).total_seconds())  # a clock set back waits no more
    if failures < budget.free or elapsed >= forget_after.total_seconds():
        return 0
    delay = min(2 ** min(failures - budget.free, 20), budget.max_wait)
    return max(0, math.ceil(delay - elapsed))


def wait(address: str, username: str, clock: Clock, policy: ThrottlePolicy) -> tuple[int, str]:
    """Seconds before this client may try this username again (0: at once), and why, in Chinese."""
    budgets = policy.budgets(address, username)
    rows = db.session.execute(
        select(LoginThrottle.key, LoginThrottle.failures, LoginThrottle.last_failed_at).where(
            LoginThrottle.key.in_([budget.key for budget in budgets])
        )
    )
    counts = {key: (failures, last) for key, failures, last in rows}
    now = clock.now()
    waits = [
        (seconds_to_wait(*counts[b.key], b, policy.forget_after, now), b)
        for b in budgets
        if b.key in counts
    ]
    seconds, budget = max(waits, key=lambda pair: pair[0], default=(0, None))
    return seconds, budget.message.format(wait=spoken(seconds)) if seconds else ""


def spoken(seconds: int) -> str:
    """'40 秒', '5 分钟', '1 分 40 秒'."""
    minutes, rest = divmod(seconds, 60)
    if not minutes:
        return f"{rest} 秒"
    return f"{minutes} 分 {rest} 秒" if rest else f"{minutes} 分钟"


def record_failure(address: str, username: str, clock: Clock, policy: ThrottlePolicy) -> None:
    now = clock.now()
    # Keys in one order, so two transactions counting the same keys cannot deadlock.
    for key in sorted(budget.key for budget in policy.budgets(address, username)):
        _count_failure(key, now, now - policy.forget_after)


def _count_failure(key: str, now: datetime, forget_before: datetime) -> None:
    dialect = postgresql if db.session.get_bind().dialect.name == "postgresql" else sqlite
    insert = dialect.insert(LoginThrottle).values(key=key, failures=1, last_failed_at=now)
    forgotten = LoginThrottle.last_failed_at <= forget_before
    db.session.execute(
        insert.on_conflict_do_update(
            index_elements=[LoginThrottle.key],
            set_={
                "failures": case((forgotten, 1), else_=LoginThrottle.failures + 1),
                "last_failed_at": now,
            },
        )
    )


def record_success(address: str, username: str, policy: ThrottlePolicy) -> None:
    """The owner got in: their own failures are forgiven; the address's stay counted, or one
    account of an attacker's own would reset its budget against everyone else's."""
    pair, _address, account = (budget.key for budget in policy.budgets(address, username))
    db.session.execute(delete(LoginThrottle).where(LoginThrottle.key.in_([pair, account])))
