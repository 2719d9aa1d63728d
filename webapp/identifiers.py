"""Shared by every process: 身份证号 (GB 11643) and 统一社会信用代码 (GB 32100) checks, and ages from birth dates.

python-stdnum supplies the check characters and the birth date, but not its whole `validate`:
`cn.ric.validate` rejects area codes missing from its table (new codes appear every year), and
`cn.uscc.validate` rejects letters in the first two positions, which GB 32100 allows.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from stdnum.cn import ric, uscc
from stdnum.exceptions import ValidationError
from stdnum.util import isdigits

ID_STANDARD = "GB 11643《公民身份号码》"
CREDIT_STANDARD = "GB 32100《法人和其他组织统一社会信用代码编码规则》"


def cite(*sources: str) -> str:
    """The bracketed citation that ends a message: （GB 11643《公民身份号码》）."""
    return "（" + "、".join(sources) + "）"


CREDIT_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # 0-9 and A-Y without I, O, S, V, Z


def compact(value: object) -> str:
    """Upper case without spaces; full-width characters typed with a Chinese IME become ASCII."""
    if not isinstance(value, str):
        return ""
    return "".join(unicodedata.normalize("NFKC", value).split()).upper()


def validate_id_number(value: object) -> str | None:
    """A Chinese message saying what is wrong with a 身份证号, or None when it is valid.

    Checks the length, the MOD 11-2 check character (X = 10, lower-case x accepted) and the
    embedded birth date; the area code is not checked."""
    number = compact(value)
    if len(number) != 18 or not isdigits(number[:17]) or number[17] not in "0123456789X":
        return f"身份证号应为18位，前17位是数字，最后一位是数字或X，请核对后重新填写{cite(ID_STANDARD)}"
    if number[17] != ric.calc_check_digit(number):
        return f"身份证号 {number} 的校验位不正确，请对照身份证逐位核对{cite(ID_STANDARD)}"
    try:
        ric.get_birth_date(number)
    except ValidationError:
        return f"身份证号 {number} 中的出生日期 {number[6:14]} 不存在，请核对{cite(ID_STANDARD)}"
    return None


def birth_date(id_number: str) -> date:
    """The birth date embedded in a valid 身份证号; ValueError (with the Chinese message) if invalid."""
    error = validate_id_number(id_number)
    if error:
        raise ValueError(error)
    return ric.get_birth_date(compact(id_number))


def validate_credit_code(value: object) -> str | None:
    """A Chinese message saying what is wrong with a 统一社会信用代码, or None when it is valid.

    18 characters from 0-9 and A-Y without I, O, S, V, Z; positions 3-8 (the registering
    authority's area code) are digits; the last character is the mod-31 check character."""
    code = compact(value)
    if len(code) != 18:
        return f"统一社会信用代码应为18位，当前为{len(code)}位，请核对营业执照后重新填写{cite(CREDIT_STANDARD)}"
    wrong = "、".join(dict.fromkeys(c for c in code if c not in CREDIT_ALPHABET))
    if wrong:
        return (
            f"统一社会信用代码只能由数字和除 I、O、S、V、Z 以外的大写字母组成，"
            f"不能含有“{wrong}”，请核对营业执照{cite(CREDIT_STANDARD)}"
        )
    if not isdigits(code[2:8]):
        return (
            f"统一社会信用代码第3至8位是行政区划码，应为数字，请核对营业执照{cite(CREDIT_STANDARD)}"
        )
    if code[17] != uscc.calc_check_digit(code):
        return (
            f"统一社会信用代码 {code} 的校验位不正确，请对照营业执照逐位核对{cite(CREDIT_STANDARD)}"
        )
    return None


def age_on(birth: date, day: date) -> int:
    """Full years of age on `day`.

    Someone born on 29 February turns a year older on 1 March in a non-leap year: on 28 February
    the birthday has not yet come."""
    before_birthday = (day.month, day.day) < (birth.month, birth.day)
    return day.year - birth.year - before_birthday


def sex_of(id_number: str) -> str:
    """ "男" or "女" from a valid 身份证号's 17th digit (odd: male)."""
    return "男" if int(compact(id_number)[16]) % 2 else "女"


# Mainland phone numbers: a mobile (11 digits, 1[3-9]…) or a landline with its area code
# (024-86900000, an extension allowed).
MOBILE = re.compile(r"1[3-9]\d{9}")
PHONE = re.compile(r"1[3-9]\d{9}|0\d{2,3}-?\d{7,8}(-\d{1,6})?")


def is_mobile(value: str) -> bool:
    return MOBILE.fullmatch(value) is not None


def is_phone(value: str) -> bool:
    """A mobile or a landline number."""
    return PHONE.fullmatch(value) is not None
