"""The password rules (services.passwords), used by every way a password is set, and the
修改密码 page every user has."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from webapp.cli.demo import DEMO_PASSWORD
from webapp.extensions import db
from webapp.models import Event, User
from webapp.services import passwords


@pytest.mark.parametrize(
    ("password", "said"),
    [
        ("Ab1@xyz", "至少需要 8 位"),
        ("x" * 129 + "A1", "不能超过"),
        ("abcdefghij", "至少 3 类"),
        ("abcdefgh12", "至少 3 类"),
        ("ABCDEFGH@@", "至少 3 类"),
        ("Zhang.San2026", "不能包含用户名"),
        ("ZHANG.SAN.x9", "不能包含用户名"),
        ("P@ssw0rd", "常见"),
        ("Aa123456", "常见"),
        ("aA123456!", "常见"),
        ("Admin@123", "常见"),
        ("password", "至少 3 类"),
        ("12345678", "至少 3 类"),
    ],
)
def test_a_password_that_breaks_a_rule_is_refused_with_the_rule_named(password, said):
    message = passwords.problem(password, "zhang.san")
    assert message is not None and said in message


@pytest.mark.parametrize(
    "password", [DEMO_PASSWORD, "Neues@2026x", "Huanghe-Liu9", "长城长城Aa12", "kT7#mq2Lw9"]
)
def test_good_passwords_pass(password):
    assert passwords.problem(password, "zhang.san") is None


def test_common_list_is_read_without_regard_to_case():
    common = passwords.common_passwords()
    assert len(common) >= 250
    assert {"12345678", "password", "qwerty123", "a123456789", "aa123456"} <= common
    assert passwords.problem("QWERTY@123", "") is not None


def test_a_short_username_is_not_searched_for():
    assert passwords.problem("Xa9@bcdefg", "a") is None


def test_temporary_passwords_pass_the_rules_and_differ():
    made = {passwords.temporary_password("zhang.san") for _ in range(50)}
    assert len(made) == 50
    assert all(passwords.problem(p, "zhang.san") is None for p in made)


def test_the_cli_applies_the_rules(demo):
    runner = demo.test_cli_runner()
    args = ["users", "set-password", "--username", "school", "--password", "Aa123456"]
    assert "常见" in runner.invoke(args=args).output
    create = ["users", "create", "--username", "wangwu", "--role", "expert"]
    result = runner.invoke(args=[*create, "--password", "Wangwu@2026"])
    assert result.exit_code != 0 and "不能包含用户名" in result.output
    result = runner.invoke(args=[*create, "--password", "Qiu#2026xy"])
    assert result.exit_code == 0, result.output


def _change(client, current, new, confirm=None):
    data = {"current": current, "password": new, "confirm": new if confirm is None else confirm}
    return client.post("/account/password", data=data)


def test_every_user_can_change_their_own_password(demo, login_as):
    school = login_as("school")
    page = school.get("/account/password").get_data(as_text=True)
    assert "修改密码" in page and "至少 8 位" in page
    assert "修改密码" in school.get("/inbox").get_data(as_text=True)  # linked from every page
    response = _change(school, DEMO_PASSWORD, "Qiu#2026xy")
    assert response.status_code == 302
    assert school.get("/inbox").status_code == 200  # this session continues
    client = demo.test_client()
    old = client.post("/login", data={"username": "school", "password": DEMO_PASSWORD})
    assert old.status_code == 401
    new = client.post("/login", data={"username": "school", "password": "Qiu#2026xy"})
    assert new.status_code == 302
    with demo.app_context():
        user = db.session.scalar(select(User).where(User.username == "school"))
        events = db.session.scalars(select(Event).where(Event.subject == f"user:{user.id}"))
        assert "password_set" in [e.action for e in events]


@pytest.mark.parametrize(
    ("current", "new", "confirm", "field", "said"),
    [
        ("wrong-one", "Qiu#2026xy", None, "current", "当前密码不正确"),
        (DEMO_PASSWORD, "Qiu#2026xy", "Qiu#2026xz", "confirm", "不一致"),
        (DEMO_PASSWORD, "short", None, "password", "至少需要 8 位"),
        (DEMO_PASSWORD, "School@2026", None, "password", "不能包含用户名"),
        (DEMO_PASSWORD, DEMO_PASSWORD, None, "password", "不能与当前密码相同"),
    ],
)
def test_a_refused_change_says_why_on_the_field(demo, login_as, current, new, confirm, field, said):
    school = login_as("school")
    response = _change(school, current, new, confirm)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert said in html and f'id="{field}-error"' in html
    assert school.get("/inbox").status_code == 200  # nothing changed: still logged in


def test_temporary_passwords_survive_a_spreadsheet():
    """The import hands passwords out in an Excel sheet: none may start like a formula."""
    from webapp.exports.xlsx import FORMULA_TRIGGERS
    from webapp.services.passwords import temporary_password

    made = [temporary_password("someone") for _ in range(2000)]
    assert not [p for p in made if p.startswith(FORMULA_TRIGGERS) or set(p) & set("=+-@")]
