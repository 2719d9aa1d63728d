"""Paged lists: page arithmetic, and a page read from a query."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from webapp.extensions import db
from webapp.models import Organisation
from webapp.models.paging import Page, offset, page_count, paginate, within


@pytest.mark.parametrize(
    ("total", "size", "pages"), [(0, 20, 1), (1, 20, 1), (20, 20, 1), (21, 20, 2), (59, 10, 6)]
)
def test_page_count_is_at_least_one(total, size, pages):
    assert page_count(total, size) == pages
    assert Page([], total, 1, size).pages == pages


def test_a_page_past_the_end_is_shown_as_the_last_and_before_the_start_as_the_first():
    assert within(9, total=25, size=10) == 3
    assert within(0, total=25, size=10) == 1
    assert within(2, total=0, size=10) == 1
    assert offset(3, 10) == 20


def test_paginate_counts_every_row_and_returns_one_page(demo):
    with demo.app_context():
        query = select(Organisation).order_by(Organisation.code)
        every = db.session.scalars(query).all()
        second = paginate(query, 2, 2)
        assert (second.total, second.page, second.items) == (len(every), 2, every[2:4])
        assert paginate(query, 99, 2).items == []
        last = paginate(query, 99, 2, clamp=True)
        assert last.page == last.pages and last.items == every[(last.pages - 1) * 2 :]
