"""The password rules, in one place, and the temporary passwords an administrator hands out.

The rules follow what Chinese government systems are usually assessed against (等保 2.0: a
password of at least 8 characters mixing at least three kinds of character), plus two checks
that catch most guessed passwords: it may not contain the username, and it may not be on the
list of common passwords (data/common_passwords.txt, compared without regard to case). The
demo password Demo@2026 passes them (9 characters, four kinds), so demo users are created
through the same rules as everyone else.
"""

from __future__ import annotations

import secrets
from functools import cache
from pathlib import Path

from webapp.errors import RuleViolation

MIN_LENGTH = 8
MAX_LENGTH = 128
MIN_KINDS = 3
_KINDS = (str.isupper, str.islower, str.isdigit)
_COMMON_LIST = Path(__file__).parent / "data" / "common_passwords.txt"
# Temporary passwords: no characters that are easily misread (0/O, 1/l/I) when read aloud,
# and no symbol a spreadsheet takes for the start of a formula (= + - @): the import's result
# sheet would show such a password changed.
_UPPER, _LOWER, _DIGITS, _SYMBOLS = (
    "ABCDEFGHJKMNPQRSTUVWXYZ",
    "abcdefghjkmnpqrstuvwxyz",
    "23456789",
    "#%*",
)
RULES_TEXT = (
    f"至少 {MIN_LENGTH} 位，包含大写字母、小写字母、数字、符号中的至少 {MIN_KINDS} 类；"
    "不能包含用户名，不能是常见密码"
)


@cache
def common_passwords() -> frozenset[str]:
    lines = _COMMON_LIST.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip().lower() for line in lines if line and not line.startswith("#"))


def _kinds(password: str) -> int:
    found = sum(any(test(c) for c in password) for test in _KINDS)
    symbols = any(not (c.isalnum() or c.isspace()) for c in password)
    return found + symbols


def problem(password: str, username: str = "") -> str | None:
    """What is wrong with the password (one Chinese sentence naming the rule), or None."""
    if len(password) < MIN_LENGTH:
        return f"密码至少需要 {MIN_LENGTH} 位"
    if len(password) > MAX_LENGTH:
        return f"密码不能超过 {MAX_LENGTH} 位"
    if _kinds(password) < MIN_KINDS:
        return f"密码须包含大写字母、小写字母、数字、符号中的至少 {MIN_KINDS} 类"
    name = username.strip().lower()
    if len(name) >= 3 and name in password.lower():
        return "密码不能包含用户名"
    if password.lower() in common_passwords():
        return "该密码过于常见，容易被猜中，请换一个"
    return None


def check(password: str, username: str = "", field: str = "password") -> None:
    """Raise RuleViolation (with the message on `field`) when the password breaks a rule."""
    message = problem(password, username)
    if message:
        raise RuleViolation(message, {field: message})


def temporary_password(username: str = "", length: int = 12) -> str:
    """A random password that passes the rules: one of each kind, the rest from all of them."""
    pool = _UPPER + _LOWER + _DIGITS + _SYMBOLS
    while True:
        chars = [secrets.choice(kind) for kind in (_UPPER, _LOWER, _DIGITS, _SYMBOLS)]
        chars += [secrets.choice(pool) for _ in range(length - len(chars))]
        secrets.SystemRandom().shuffle(chars)
        password = "".join(chars)
        if problem(password, username) is None:
            return password
