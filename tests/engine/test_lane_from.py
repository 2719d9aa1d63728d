"""Task property laneFrom: a step's lane read from a data field, for a step that goes to
whichever office the case names (a city's or the province's inspection)."""

from __future__ import annotations

from webapp.engine import ReadyTask
from webapp.services.work_items import lane_of


def _task(lane: str | None, properties: dict, data: dict) -> ReadyTask:
    return ReadyTask(
        id="t1",
        spec_id="verify",
        name="验收",
        lane=lane,
        process_key="p",
        data=data,
        properties=properties,
        multi_instance_index=None,
    )


def test_lane_from_names_the_data_field_holding_the_lane():
    task = _task(None, {"laneFrom": "office"}, {"office": "province"})
    assert lane_of(task) == "province"
    assert lane_of(_task(None, {"laneFrom": "office"}, {"office": "city"})) == "city"


def test_an_unknown_or_missing_value_falls_back_to_the_diagram():
    assert lane_of(_task("city", {"laneFrom": "office"}, {})) == "city"
    assert lane_of(_task("city", {"laneFrom": "office"}, {"office": "mars"})) == "city"
    assert lane_of(_task(None, {"laneFrom": "office", "lane": "school"}, {"office": 3})) == "school"


def test_without_lane_from_the_property_lane_wins_over_the_diagram():
    assert lane_of(_task("city", {"lane": "guardian"}, {"office": "province"})) == "guardian"
