"""身份证号 and 统一社会信用代码 checks, birth dates and full-year ages."""

from __future__ import annotations

from datetime import date

import pytest
from stdnum.cn import ric, uscc

from tests.processes.internship_approval.rules.synthetic import credit_check, credit_code, id_number
from webapp.processes.internship_approval.rules import (
    age_on,
    birth_date,
    validate_credit_code,
    validate_id_number,
)

ID_RULE = "GB 11643"
CREDIT_RULE = "GB 32100"


@pytest.mark.parametrize("born", ["20080301", "19991231", "20080229", "20101010"])
def test_valid_id_numbers(born):
    assert validate_id_number(id_number(born)) is None


def test_an_x_check_character_is_valid_in_either_case():
    number = next(
        n for n in (id_number("20080301", order=f"{i:03}") for i in range(50)) if n[-1] == "X"
    )
    assert validate_id_number(number) is None
    assert validate_id_number(number.lower()) is None
    assert birth_date(number.lower()) == date(2008, 3, 1)


def test_spaces_and_full_width_digits_are_normalised():
    number = id_number("20080301")
    full_width = "".join(chr(ord(c) + 0xFEE0) for c in number)
    assert validate_id_number(f" {number[:6]} {number[6:]} ") is None
    assert validate_id_number(full_width) is None


def test_a_wrong_check_character_is_rejected():
    number = id_number("20080301")
    wrong = number[:17] + ("1" if number[17] != "1" else "2")
    message = validate_id_number(wrong)
    assert "校验位不正确" in message and ID_RULE in message


@pytest.mark.parametrize("born", ["20070230", "20070229", "20081301", "20080001"])
def test_an_impossible_birth_date_is_rejected(born):
    message = validate_id_number(id_number(born))  # the check character itself is right
    assert f"出生日期 {born} 不存在" in message and ID_RULE in message


def test_an_unknown_area_code_is_accepted():
    number = id_number("20080301", area="990000")
    assert not ric.is_valid(number)  # why validate_id_number does not call ric.validate
    assert validate_id_number(number) is None


@pytest.mark.parametrize(
    "text", ["", None, "21000020080301000", "2100002008030100012", "21000020080301A00X"]
)
def test_wrong_length_or_characters_are_rejected(text):
    message = validate_id_number(text)
    assert "应为18位" in message and ID_RULE in message


def test_birth_date_of_an_invalid_number_raises_with_the_message():
    with pytest.raises(ValueError, match="出生日期"):
        birth_date(id_number("20070230"))


def test_a_valid_credit_code():
    assert validate_credit_code(credit_code()) is None
    assert validate_credit_code(credit_code("91210100MA0000001")) is None
    assert validate_credit_code(credit_code().lower()) is None


def test_a_credit_code_with_a_wrong_check_character_is_rejected():
    code = credit_code()
    wrong = code[:17] + ("1" if code[17] != "1" else "2")
    message = validate_credit_code(wrong)
    assert "校验位不正确" in message and CREDIT_RULE in message


@pytest.mark.parametrize("letter", ["I", "O", "S", "V", "Z"])
def test_forbidden_letters_are_rejected(letter):
    body = "91210100" + letter + "00000000"
    message = validate_credit_code(body + credit_check(body.replace(letter, "0")))
    assert f"不能含有“{letter}”" in message and CREDIT_RULE in message


@pytest.mark.parametrize("prefix", ["Y1", "A1", "N2"])
def test_letters_in_the_first_two_positions_are_accepted(prefix):
    code = credit_code(prefix + "210100000000000")
    assert not uscc.is_valid(code)  # why validate_credit_code does not call uscc.validate
    assert validate_credit_code(code) is None


def test_a_letter_in_the_area_code_is_rejected():
    message = validate_credit_code(credit_code("9121A100000000000"))
    assert "第3至8位" in message and CREDIT_RULE in message


@pytest.mark.parametrize("text", ["", None, "9121010000000000", "9121010000000000000"])
def test_a_credit_code_of_the_wrong_length_is_rejected(text):
    message = validate_credit_code(text)
    assert "应为18位" in message and CREDIT_RULE in message


@pytest.mark.parametrize(
    ("day", "age"),
    [
        (date(2024, 6, 14), 15),
        (date(2024, 6, 15), 16),
        (date(2024, 6, 16), 16),
        (date(2025, 1, 1), 16),
    ],
)
def test_age_on_counts_full_years(day, age):
    assert age_on(date(2008, 6, 15), day) == age


@pytest.mark.parametrize(
    ("day", "age"),
    [
        (date(2024, 2, 28), 15),
        (date(2024, 2, 29), 16),
        (date(2025, 2, 28), 16),
        (date(2025, 3, 1), 17),
    ],
)
def test_born_on_29_february_turns_older_on_1_march_in_non_leap_years(day, age):
    assert age_on(date(2008, 2, 29), day) == age
