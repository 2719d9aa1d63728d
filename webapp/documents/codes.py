"""Verification codes: random, URL-safe, and easy to read aloud or type from paper."""

from __future__ import annotations

import re
import secrets

# Base32 without 0/O and 1/I: nothing a reader can mistake for something else. 12 characters
# carry 60 random bits, so guessing a valid code is hopeless and collisions practically never
# happen (the caller still checks, and the unique index is the last word).
ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
LENGTH = 12
_VALID = re.compile(f"[{ALPHABET}]{{{LENGTH}}}")
_SEPARATORS = re.compile(r"[\s\-]+")


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def normalise(text: str) -> str | None:
    """The code as stored, from what someone typed (any case, spaces or dashes); None if it
    cannot be a code, so the caller need not ask the database."""
    code = _SEPARATORS.sub("", text).upper()
    return code if _VALID.fullmatch(code) else None
