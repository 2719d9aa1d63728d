"""The overdue-by-city bar chart as plain geometry; the template draws it as inline SVG.

No chart library: the figure is a few rectangles, served with the page, so it works on an intranet
and under a CSP that allows no outside scripts.
"""

from __future__ import annotations

from dataclasses import dataclass

WIDTH = 640
LABEL_WIDTH = 120  # room for a city name such as 沈阳市 or 未归属城市
COUNT_ROOM = 50  # room after the longest bar for its count
BAR_HEIGHT = 26
GAP = 12
TOP = 10


@dataclass(frozen=True)
class Bar:
    label: str
    count: int
    y: int
    width: float

    @property
    def middle(self) -> float:
        return self.y + BAR_HEIGHT / 2


@dataclass(frozen=True)
class BarChart:
    bars: list[Bar]
    width: int
    height: int
    label_width: int
    bar_height: int

    @property
    def description(self) -> str:
        return "；".join(f"{bar.label} {bar.count} 项" for bar in self.bars) or "没有城市"


def bar_chart(counts: list[tuple[str, int]]) -> BarChart:
    """Horizontal bars, one per (label, count), scaled to the largest count."""
    longest = WIDTH - LABEL_WIDTH - COUNT_ROOM
    largest = max((count for _, count in counts), default=0) or 1
    bars = [
        Bar(label, count, TOP + i * (BAR_HEIGHT + GAP), round(longest * count / largest, 1))
        for i, (label, count) in enumerate(counts)
    ]
    height = TOP * 2 + len(bars) * (BAR_HEIGHT + GAP)
    return BarChart(bars, WIDTH, height, LABEL_WIDTH, BAR_HEIGHT)
