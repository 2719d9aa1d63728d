"""安全隐患排查整治's pure rules (policy §13): hazard levels and their default working days, the
slim per-hazard plan the diagram runs on, which hazard a photo belongs to, and the checks of the
inspection and verification forms. No Flask, no database."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

from webapp.form_values import form_day
from webapp.sources import policy_article

SOURCE = f"（{policy_article('十三')}）"
LEVELS = {"general": "一般", "major": "较大", "serious": "重大"}
# The settings' defaults: working days after the inspection date to rectify a hazard.
DEADLINE_DAYS = {"general": 10, "major": 20, "serious": 30}
CATEGORIES = {
    "fire": "消防",
    "power_water": "水电",
    "food": "餐饮",
    "traffic": "交通",
    "training": "实训实习",
    "building": "校舍",
    "surroundings": "校园周边",
    "other": "其他",
}
OFFICES = {"city": "市教育局", "province": "省教育厅"}
OFFICE_OF_ROLE = {"city_official": "city", "provincial_official": "province"}
# "2-消防通道.jpg", "2_a.jpg", "2.jpg", "02 配电箱.png": the hazard's number first.
_PHOTO_NUMBER = re.compile(r"^\s*(\d{1,3})(?=[-_－—\s.、])")


def hazard_label(number: int, row: dict) -> str:
    """What the inbox and documents call a hazard: "2号 消防隐患（较大）"."""
    category = CATEGORIES.get(str(row.get("category")), "安全")
    level = LEVELS.get(str(row.get("level")), "")
    return f"{number}号 {category}隐患（{level}）"


def hazard_plan(hazards: list, deadlines: list) -> list[dict]:
    """The engine's per-hazard data, kept small (descriptions and photos stay in the module's
    table): number, level, deadline and label. `deadlines` are the diagram's computed ones."""
    return [
        {
            "no": index + 1,
            "level": row["level"],
            "deadline": due,
            "label": hazard_label(index + 1, row),
        }
        for index, (row, due) in enumerate(zip(hazards, deadlines, strict=True))
    ]


def photo_number(filename: str) -> int | None:
    """The hazard a photo belongs to, from the number its file name starts with."""
    found = _PHOTO_NUMBER.match(filename.replace("\\", "/").rsplit("/", 1)[-1])
    return int(found.group(1)) if found else None


def _photo_errors(photos: object, count: int) -> dict[str, str]:
    if not isinstance(photos, list):
        return {}
    for photo in photos:
        name = str(photo.get("filename", "")) if isinstance(photo, dict) else ""
        number = photo_number(name)
        if number is None or not 1 <= number <= count:
            return {
                "hazard_photos": f"照片“{name}”的文件名没有以隐患序号开头（共 {count} 项隐患），"
                f"请按“序号-说明”命名，如“1-消防通道堵塞.jpg”"
            }
    return {}


def counted_from(inspected: date, today: date) -> date:
    """The day a hazard's working days count from: the inspection, or the day it is recorded
    (and the notice issued) when that is later — the school cannot rectify before it is told."""
    return max(inspected, today)


def _deadline_errors(hazards: list, start: date, default_deadline: Callable | None) -> dict:
    errors = {}
    for index, row in enumerate(hazards):
        own = form_day(row.get("deadline")) if isinstance(row, dict) else None
        if own is None:
            continue
        where = f"hazards.{index}.deadline"
        if own <= start:
            errors[where] = f"整改期限应晚于检查日期和登记日期（{start.isoformat()}）"
        elif default_deadline and row.get("level") in LEVELS:
            latest = default_deadline(start, row["level"])
            if own > latest:
                level = LEVELS[row["level"]]
                errors[where] = (
                    f"{level}隐患的整改期限不得晚于 {latest.isoformat()}（按系统设置计算的期限），"
                    f"可以提前，不能延后{SOURCE}"
                )
    return errors


def validate_inspection(data: dict, today: date, context: dict | None = None) -> dict[str, str]:
    """Field errors (Chinese) for a recorded inspection; context: the recorder's office
    ("office") and default_deadline(inspected_on, level) -> date (the settings, the calendar)."""
    context = context or {}
    errors: dict[str, str] = {}
    office = context.get("office")
    if office and data.get("inspecting_office") in OFFICES and data["inspecting_office"] != office:
        errors["inspecting_office"] = (
            f"您是{OFFICES[office]}的用户，检查单位应为“{OFFICES[office]}”"
        )
    inspected = form_day(data.get("inspected_on"))
    if inspected is not None and inspected > today:
        errors["inspected_on"] = "检查日期不能晚于今天"
    hazards = data.get("hazards")
    if not isinstance(hazards, list):
        return errors
    errors.update(_photo_errors(data.get("hazard_photos"), len(hazards)))
    if inspected is not None:
        start = counted_from(inspected, today)
        errors.update(_deadline_errors(hazards, start, context.get("default_deadline")))
    return errors


def validate_verification(data: dict, _today: date, _context: dict | None = None) -> dict:
    """A hazard returned to the school says what is still wrong."""
    opinion = str(data.get("verify_opinion") or "").strip()
    if data.get("verdict") == "return" and len(opinion) < 5:
        return {"verify_opinion": "退回整改时请写明仍存在的问题和整改要求（至少 5 个字）"}
    return {}


SCRIPT_FUNCTIONS = {"hazard_plan": hazard_plan}
