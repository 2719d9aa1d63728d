"""Login throttling by client address and username: guessing slows the guesser, not the owner."""

from __future__ import annotations

import re
import threading
from datetime import timedelta

import pytest

from webapp.extensions import db
from webapp.models import LoginThrottle
from webapp.services import login_throttle

ATTACKER, OWNER = "203.0.113.66", "198.51.100.7"
USERNAMES = ["school", "school2", "city", "city2", "province", "supervisor", "expert", "admin"]


def _login(client, username: str, password: str, address: str):
    return client.post(
        "/api/v1/auth/login",
        json={"username": username, "password": password},
        environ_base={"REMOTE_ADDR": address},
    )


def _page_login(client, username: str, password: str, address: str):
    return client.post(
        "/login",
        data={"username": username, "password": password},
        environ_base={"REMOTE_ADDR": address},
    )


def _wait_of(response) -> int:
    """The seconds the Chinese message asks the user to wait."""
    message = response.get_json()["message"]
    minutes = re.search(r"(\d+) 分", message)
    seconds = re.search(r"(\d+) 秒", message)
    return int(minutes.group(1) if minutes else 0) * 60 + int(seconds.group(1) if seconds else 0)


def test_wrong_guesses_from_one_client_do_not_lock_the_owner_out(demo, client):
    assert [_login(client, "city", "x", ATTACKER).status_code for _ in range(5)] == [401] * 5
    assert _login(client, "city", "Demo@2026", ATTACKER).status_code == 429
    assert _page_login(client, "city", "Demo@2026", OWNER).status_code == 302


def test_a_wrong_guess_every_five_minutes_delays_the_owner_only_briefly(demo, client, clock):
    for _ in range(12):  # an hour of guessing from one client, past every free attempt
        clock.advance(timedelta(seconds=300))
        _login(client, "city", "x", ATTACKER)
    clock.advance(timedelta(seconds=1))
    owner = _login(client, "city", "Demo@2026", OWNER)
    assert owner.status_code == 429  # right after a guess: a few seconds, not five minutes
    assert 0 < _wait_of(owner) <= 10, owner.get_json()
    clock.advance(timedelta(seconds=_wait_of(owner)))
    assert _login(client, "city", "Demo@2026", OWNER).status_code == 200
    assert _login(client, "city", "x", ATTACKER).status_code == 429  # the guesser still waits


def test_guessing_from_many_addresses_delays_the_owner_at_most_a_few_seconds(demo, client, clock):
    for n in range(40):
        _login(client, "city", "x", f"192.0.2.{n + 1}")
    owner = _login(client, "city", "Demo@2026", OWNER)
    assert owner.status_code == 429
    assert "该账号" in owner.get_json()["message"]
    assert 0 < _wait_of(owner) <= 10
    clock.advance(timedelta(seconds=_wait_of(owner)))
    assert _login(client, "city", "Demo@2026", OWNER).status_code == 200


def test_a_client_trying_many_usernames_is_slowed_down(demo, client, clock):
    answers = [_login(client, name, "x", ATTACKER) for name in USERNAMES for _ in range(2)]
    statuses = [answer.status_code for answer in answers]
    assert statuses.count(401) == 10 and statuses[-1] == 429
    refused = answers[-1]
    assert "网络地址" in refused.get_json()["message"]
    assert refused.headers["Retry-After"] == str(_wait_of(refused))
    # the budget is the client's: the owner elsewhere logs in at once
    assert _login(client, "admin", "Demo@2026", OWNER).status_code == 200
    clock.advance(timedelta(seconds=_wait_of(refused)))
    assert _login(client, "expert", "x", ATTACKER).status_code == 401


def test_an_ipv6_client_is_one_client_across_its_64_bit_prefix(demo, client):
    for n in range(10):
        _login(client, USERNAMES[n % 8], "x", f"2001:db8:1:2::{n + 1:x}")
    assert _login(client, "city", "x", "2001:db8:1:2:ffff::1").status_code == 429
    assert _login(client, "city", "Demo@2026", "2001:db8:1:3::1").status_code == 200


def test_the_wait_message_says_how_long_in_minutes_and_seconds(demo, client, clock):
    for attempt in range(14):  # each guess waits out the delay, which climbs to five minutes
        clock.advance(timedelta(seconds=300 if attempt else 0))
        _login(client, "city", "x", ATTACKER)
    clock.advance(timedelta(seconds=200))
    refused = _login(client, "city", "Demo@2026", ATTACKER)
    assert refused.status_code == 429
    assert re.search(r"请在 1 分 40 秒后重试", refused.get_json()["message"])
    page = _page_login(client, "city", "Demo@2026", ATTACKER)
    assert page.status_code == 429 and "1 分 40 秒后重试" in page.get_data(as_text=True)


def test_failures_are_forgotten_after_a_quiet_quarter_hour(demo, client, clock):
    for _ in range(5):
        _login(client, "city", "x", ATTACKER)
    clock.advance(timedelta(minutes=15))
    assert [_login(client, "city", "x", ATTACKER).status_code for _ in range(5)] == [401] * 5
    assert _login(client, "city", "x", ATTACKER).status_code == 429


@pytest.mark.parametrize("times", [1, 3])
def test_failures_are_counted_in_the_database(demo, clock, times):
    policy = login_throttle.ThrottlePolicy()
    with demo.app_context():
        for _ in range(times):
            login_throttle.record_failure(ATTACKER, "city", clock, policy)
        db.session.commit()
        counts = {row.key: row.failures for row in db.session.query(LoginThrottle)}
    assert counts == {
        f"pair:{ATTACKER}|city": times,
        f"address:{ATTACKER}": times,
        "account:city": times,
    }


def test_parallel_guesses_are_each_counted_and_none_fails(demo):
    barrier = threading.Barrier(6)
    statuses: list[int] = []

    def guess() -> None:
        client = demo.test_client()
        barrier.wait()
        statuses.append(_login(client, "nobody", "x", ATTACKER).status_code)

    threads = [threading.Thread(target=guess) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert set(statuses) <= {401, 429} and len(statuses) == 6
    with demo.app_context():
        row = db.session.get(LoginThrottle, f"pair:{ATTACKER}|nobody")
        assert row.failures == statuses.count(401)
