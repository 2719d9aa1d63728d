"""The identifier checks every process shares live in webapp.identifiers; the internship rules
name them from here."""

from webapp.identifiers import (
    CREDIT_ALPHABET,
    age_on,
    birth_date,
    compact,
    validate_credit_code,
    validate_id_number,
)

__all__ = [
    "CREDIT_ALPHABET",
    "age_on",
    "birth_date",
    "compact",
    "validate_credit_code",
    "validate_id_number",
]
