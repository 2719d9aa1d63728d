"""Dates and sums as documents write them, and verification codes."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

from webapp.documents import chinese_date
from webapp.documents.codes import ALPHABET, LENGTH, new_code, normalise
from webapp.documents.formatting import BLANK_DATE, yuan


def test_chinese_date_has_no_leading_zeros():
    assert chinese_date(date(2026, 3, 15)) == "2026年3月15日"
    assert chinese_date(date(2026, 12, 1)) == "2026年12月1日"
    assert chinese_date(datetime(2026, 1, 5, 23, 59, tzinfo=UTC)) == "2026年1月5日"


def test_chinese_date_of_nothing_is_a_blank_to_fill_in():
    assert chinese_date(None) == BLANK_DATE == "　　　　年　　月　　日"


def test_yuan():
    assert yuan(3200) == "3,200.00"
    assert yuan(Decimal("2560.5")) == "2,560.50"
    assert yuan("1800") == "1,800.00"
    assert yuan(None).strip("　") == yuan("").strip("　") == ""
    assert yuan("面议") == "面议"


def test_codes_are_random_and_unambiguous():
    codes = {new_code() for _ in range(200)}
    assert len(codes) == 200
    for code in codes:
        assert len(code) == LENGTH == 12
        assert set(code) <= set(ALPHABET)
    assert not set("01OI") & set(ALPHABET)
    assert len(ALPHABET) == 32


def test_typed_codes_are_normalised_and_impossible_ones_refused():
    assert normalise("7kq2-m9xr tb4h") == "7KQ2M9XRTB4H"
    assert normalise(" 7KQ2M9XRTB4H\n") == "7KQ2M9XRTB4H"
    for impossible in (
        "",
        "7KQ2M9XRTB4",
        "7KQ2M9XRTB4HX",
        "0KQ2M9XRTB4H",
        "7KQ2M9XRTB4%",
        "../etc",
    ):
        assert normalise(impossible) is None, impossible
