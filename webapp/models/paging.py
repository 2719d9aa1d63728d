"""Paged lists: the arithmetic every list page shares, and one page read from a query."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, func, select

from webapp.extensions import db


@dataclass
class Page:
    """One page of a list: its rows, how many rows the whole list has, and where it is."""

    items: list[Any]
    total: int
    page: int
    size: int
    capped: bool = False  # the list has more than `total` rows; counting stopped there

    @property
    def pages(self) -> int:
        return page_count(self.total, self.size)

    @property
    def has_next(self) -> bool:
        if self.capped:
            return len(self.items) == self.size
        return self.page < self.pages


def page_count(total: int, size: int) -> int:
    """Pages that `total` rows fill; an empty list still has its one (empty) page."""
    return max(1, -(-total // size))


def within(page: int, total: int, size: int) -> int:
    """The page to show for a requested one: a page past the end shows the last."""
    return min(max(1, page), page_count(total, size))


def offset(page: int, size: int) -> int:
    """Rows before the first one of `page` (pages count from 1)."""
    return (page - 1) * size


def count(query: Select) -> int:
    """How many rows the query returns, whatever its order."""
    return db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery())) or 0


def capped_count(query: Select, cap: int) -> tuple[int, bool]:
    """How many rows the query returns, counting no further than `cap`: (count, whether more)."""
    counted = count(query.limit(cap + 1))
    return min(counted, cap), counted > cap


def paginate(
    query: Select, page: int, size: int, *, clamp: bool = False, cap: int | None = None
) -> Page:
    """One page of an ORM query's rows and the count of them all; with `clamp`, a page past
    the end shows the last one instead of nothing; with `cap`, the count stops there."""
    total, capped = capped_count(query, cap) if cap else (count(query), False)
    if clamp:
        page = within(page, total, size)
    rows = db.session.scalars(query.limit(size).offset(offset(page, size))).all()
    return Page(list(rows), total, page, size, capped)
