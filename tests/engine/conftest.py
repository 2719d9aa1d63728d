"""Engine test fixtures: a manual clock, and `drive` (every scenario straight and round-tripped)."""

from __future__ import annotations

from collections.abc import Callable, Mapping

import pytest

from tests.engine.scenario import START, Driver
from webapp.clock import ManualClock
from webapp.engine import ParsedProcess


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(START)


@pytest.fixture(params=[False, True], ids=["straight", "round_trip"])
def round_trip(request: pytest.FixtureRequest) -> bool:
    return request.param


@pytest.fixture
def drive(clock: ManualClock, round_trip: bool) -> Callable[..., Driver]:
    """drive(process, data, functions=None): a started Driver, straight or round-tripping."""

    def factory(
        process: ParsedProcess, data: dict | None = None, functions: Mapping | None = None
    ) -> Driver:
        return Driver(process, clock, round_trip, functions).start(data or {})

    return factory
